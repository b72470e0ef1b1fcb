import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { enterUser, withUser, type Tx } from "@/db/client";
import { loginChallenges, passkeys, users } from "@/db/schema";
import { zPasskeyAssertion, type PasskeyAssertion } from "@/lib/passkeys";
import { zToken } from "@/lib/validation";
import { createSession } from "@/server/auth/sessions";
import { authenticationOptions, verifyAssertion } from "@/server/auth/webauthn";
import { hashToken } from "@/server/crypto";
import { AppError } from "@/server/errors";
import type { RequestMeta } from "@/server/request-meta";
import { ssoRefusesPassword } from "../sso/password-policy";
import { recordAccountEvent } from "./actors";
import { passkeyOwner } from "./passkeys";

export const passkeySecondFactorOptionsInput = z.object({ challenge: zToken });
export const passkeySignInInput = z.object({ passkey: zPasskeyAssertion });

export const SIGN_IN_EXPIRED = "Your sign-in has expired or was used up. Enter your password again.";

/** Options for a passwordless sign-in: any discoverable passkey of this site, user verification required. */
export function passkeySignInOptions() {
  return withUser(undefined, (tx) => authenticationOptions(tx, "sign_in", null));
}

/** The login challenge with this token, while it is open: not yet exchanged for a session, and not expired. */
export function openLoginChallenge(token: string) {
  return and(eq(loginChallenges.tokenHash, hashToken(token)), isNull(loginChallenges.consumedAt), gt(loginChallenges.expiresAt, new Date()));
}

/** Options for a passkey as the second step after the password: the live login challenge's user's passkeys. */
export async function passkeySecondFactorOptions(input: z.infer<typeof passkeySecondFactorOptionsInput>) {
  return withUser(undefined, async (tx) => {
    const [challenge] = await tx
      .select({ userId: loginChallenges.userId })
      .from(loginChallenges)
      .where(openLoginChallenge(input.challenge));
    if (!challenge) throw new AppError("UNAUTHORIZED", SIGN_IN_EXPIRED);
    await enterUser(tx, challenge.userId);
    const mine = await tx.select().from(passkeys).where(eq(passkeys.userId, challenge.userId));
    if (mine.length === 0) throw new AppError("BAD_REQUEST", "Your account has no passkey. Enter the code from your authenticator app.");
    return authenticationOptions(tx, "second_factor", challenge.userId, mine);
  });
}

/** The user handle a discoverable passkey returns: the user id's 16 bytes (as registration set it), base64url. */
const userHandleOf = (userId: string) => Buffer.from(userId.replaceAll("-", ""), "hex").toString("base64url");

/**
 * Checks one assertion by `userId`'s passkey for a ceremony and, when it holds, moves the passkey's counter and
 * last use forward. Another user's credential, an unknown one, a replayed or foreign challenge, a wrong origin and
 * a counter that went backwards all give null. Runs in a transaction scoped to `userId`.
 */
export async function checkPasskey(tx: Tx, ceremony: "sign_in" | "second_factor", userId: string, assertion: PasskeyAssertion) {
  const [stored] = await tx
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, assertion.id), eq(passkeys.userId, userId)))
    // A second sign-in with the same passkey waits, then sees the counter this one stored.
    .for("update");
  if (!stored) return null;
  if (assertion.response.userHandle && assertion.response.userHandle !== userHandleOf(userId)) return null;
  const check = await verifyAssertion(tx, ceremony, ceremony === "sign_in" ? null : userId, stored, assertion);
  if (!check.ok) return null;
  await tx.update(passkeys).set({ counter: check.newCounter, lastUsedAt: new Date() }).where(eq(passkeys.id, stored.id));
  return stored;
}

/**
 * Passwordless sign-in: the passkey names its user, its user-verified signature stands for both factors. Returns
 * the new session's token. Workspaces that require SSO refuse it like a password (break-glass owners aside).
 */
export async function signInWithPasskey(input: z.infer<typeof passkeySignInInput>, meta: RequestMeta) {
  const outcome = await withUser(undefined, async (tx) => {
    const ownerId = await passkeyOwner(tx, input.passkey.id);
    if (!ownerId) return { kind: "unknown" } as const;
    await enterUser(tx, ownerId);
    const [user] = await tx.select().from(users).where(eq(users.id, ownerId));
    if (!user) return { kind: "unknown" } as const;
    const actor = { userId: user.id, label: user.email, ...meta };
    const used = await checkPasskey(tx, "sign_in", user.id, input.passkey);
    if (!used) {
      await recordAccountEvent(tx, user.id, actor, { action: "auth.login_failed", details: { reason: "passkey" } });
      return { kind: "invalid" } as const;
    }
    if (await ssoRefusesPassword(tx, user.id)) return { kind: "sso_required" } as const;
    const token = await createSession(tx, user.id, meta);
    await recordAccountEvent(tx, user.id, actor, {
      action: "auth.login",
      target: { type: "passkey", id: used.id },
      details: { method: "passkey", passkey: used.name },
    });
    return { kind: "ok", token, userId: user.id } as const;
  });
  switch (outcome.kind) {
    case "unknown":
      throw new AppError("UNAUTHORIZED", "This passkey is not registered with Vaultline. Sign in with your password, then add it under Account security.");
    case "invalid":
      throw new AppError("UNAUTHORIZED", "The passkey could not be verified, or the request expired. Try again.");
    case "sso_required":
      throw new AppError("FORBIDDEN", "Your workspace requires single sign-on: use “Sign in with SSO”.");
    default:
      return { token: outcome.token, userId: outcome.userId };
  }
}
