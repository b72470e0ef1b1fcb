import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { resultRows, withUser, type Tx } from "@/db/client";
import { defaultTenantSettings, memberships, passkeys, tenants, users } from "@/db/schema";
import { zPasskeyName, zPasskeyRegistration } from "@/lib/passkeys";
import { registrationOptions, verifyRegistration } from "@/server/auth/webauthn";
import { AppError, badInput, notFound } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";

export const registerPasskeyInput = z.object({ name: zPasskeyName, response: zPasskeyRegistration });
export const renamePasskeyInput = z.object({ passkeyId: z.uuid({ error: "Choose a passkey." }), name: zPasskeyName });
export const removePasskeyInput = z.object({ passkeyId: z.uuid({ error: "Choose a passkey." }) });

type Me = { id: string; email: string; name: string };

/**
 * Whether the user has a second factor: TOTP on, or at least one passkey. For a select list that joins `users`
 * (where Drizzle qualifies its columns); the passkeys' own RLS shows them to the user and to their workspaces.
 */
export const hasSecondFactor = sql<boolean>`(${users.totpEnabledAt} is not null or exists (select 1 from ${passkeys} where ${passkeys.userId} = ${users.id}))`;

const actor = (me: Me, meta: RequestMeta) => ({ userId: me.id, label: me.email, ...meta });

/** The user's passkeys, oldest first, with what the settings page shows (never the public key). */
export async function listMyPasskeys(userId: string) {
  return withUser(userId, (tx) =>
    tx
      .select({
        id: passkeys.id,
        name: passkeys.name,
        createdAt: passkeys.createdAt,
        lastUsedAt: passkeys.lastUsedAt,
        deviceType: passkeys.deviceType,
        backedUp: passkeys.backedUp,
      })
      .from(passkeys)
      .where(eq(passkeys.userId, userId))
      .orderBy(asc(passkeys.createdAt)),
  );
}

/** Starts adding a passkey: the options for the browser's navigator.credentials.create, challenge stored. */
export async function beginPasskeyRegistration(me: Me) {
  return withUser(me.id, async (tx) => {
    const existing = await tx.select().from(passkeys).where(eq(passkeys.userId, me.id));
    return registrationOptions(tx, me, existing);
  });
}

/** Verifies the browser's new credential and stores it under the name the user chose. */
export async function registerPasskey(me: Me, input: z.infer<typeof registerPasskeyInput>, meta: RequestMeta) {
  return withUser(me.id, async (tx) => {
    const verified = await verifyRegistration(tx, me.id, input.response);
    if (!verified) {
      throw badInput("response", "The passkey could not be verified, or the request expired. Try adding it again.");
    }
    if (await passkeyOwner(tx, verified.credentialId)) throw new AppError("CONFLICT", "This passkey is already registered.");
    const [created] = await tx
      .insert(passkeys)
      .values({ userId: me.id, name: input.name, ...verified })
      .returning({ id: passkeys.id, name: passkeys.name });
    await recordAccountEvent(tx, me.id, actor(me, meta), {
      action: "auth.passkey_registered",
      target: { type: "passkey", id: created!.id },
      details: { name: input.name, deviceType: verified.deviceType, backedUp: verified.backedUp },
    });
    return created!;
  });
}

/**
 * Whose passkey this credential id is, across users (the SECURITY DEFINER function answers a user id only): how a
 * passwordless sign-in finds its user, and how a credential registered to someone else is refused.
 */
export async function passkeyOwner(tx: Tx, credentialId: string): Promise<string | null> {
  const rows = await tx.execute(sql`select vaultline_passkey_owner(${credentialId}) as owner`);
  return resultRows<{ owner: string | null }>(rows)[0]?.owner ?? null;
}

async function myPasskey(tx: Tx, userId: string, passkeyId: string) {
  const [row] = await tx.select().from(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, userId))).for("update");
  if (!row) throw notFound("Passkey");
  return row;
}

export async function renamePasskey(me: Me, input: z.infer<typeof renamePasskeyInput>, meta: RequestMeta) {
  await withUser(me.id, async (tx) => {
    const row = await myPasskey(tx, me.id, input.passkeyId);
    await tx.update(passkeys).set({ name: input.name }).where(eq(passkeys.id, row.id));
    await recordAccountEvent(tx, me.id, actor(me, meta), {
      action: "auth.passkey_renamed",
      target: { type: "passkey", id: row.id },
      details: { from: row.name, to: input.name },
    });
  });
}

/**
 * Removes a passkey. The last second factor of someone whose workspace requires two-factor stays: removing it would
 * lock them out of that workspace, so they must add another factor first.
 */
export async function removePasskey(me: Me, input: z.infer<typeof removePasskeyInput>, meta: RequestMeta) {
  await withUser(me.id, async (tx) => {
    const row = await myPasskey(tx, me.id, input.passkeyId);
    const [user] = await tx.select({ totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, me.id));
    const others = await tx.select({ id: passkeys.id }).from(passkeys).where(and(eq(passkeys.userId, me.id), ne(passkeys.id, row.id)));
    if (!user?.totpEnabledAt && others.length === 0) {
      const requiring = await workspacesRequiringTwoFactor(tx, me.id);
      if (requiring.length > 0) {
        throw new AppError(
          "BAD_REQUEST",
          `${requiring.join(", ")} require${requiring.length === 1 ? "s" : ""} two-factor authentication, and this is your last second factor. Add another passkey or an authenticator app first.`,
        );
      }
    }
    await tx.delete(passkeys).where(eq(passkeys.id, row.id));
    await recordAccountEvent(tx, me.id, actor(me, meta), {
      action: "auth.passkey_removed",
      target: { type: "passkey", id: row.id },
      details: { name: row.name },
    });
  });
}

/** The names of the user's active workspaces that require two-factor (a withUser transaction sees own memberships). */
async function workspacesRequiringTwoFactor(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .select({ name: tenants.name, settings: tenants.settings })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, "active")));
  return rows.filter((r) => ({ ...defaultTenantSettings, ...r.settings }).requireTwoFactor).map((r) => r.name);
}
