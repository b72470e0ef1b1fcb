import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { credentialVersions, type StoredCustomField } from "@/db/schema";
import type { Plaintext, Sealed } from "@/server/crypto";
import { currentTotpCode } from "@/server/crypto/totp";
import { badInput } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { requireCredentialAction } from "../sharing/permissions";
import { loadCredential } from "./credential-queries";
import { credentialFieldRef, guardIntegrity, newestPasswordGeneration, passwordRef, readyCredentialSecret, readyCurrentPassword } from "./credential-seals";
import type { revealInput } from "./credential-input";
import type { AuditEventInput } from "../audit/record-audit-event";
import { handOutSecret } from "./secret-access";

/*
 * The stored secrets of a credential, handed to a member: a field revealed or copied, the current TOTP code, the
 * password of an older version. Each goes through handOutSecret (limits, audit, bulk-reveal alert).
 */

/**
 * Reveals (or copies) one secret field of one credential, and records that it happened. The only way a
 * stored secret leaves the server.
 */
export async function revealCredentialField(scope: MemberScope, input: z.infer<typeof revealInput>): Promise<{ value: Plaintext }> {
  // Independent reads, sent together: one round trip instead of three (the first refusal in this order wins).
  // Revealing is refused on a copy-only password (the rule table), copying is not.
  const newest = input.field === "password" ? newestPasswordGeneration(scope, input.id) : undefined;
  const [row] = await Promise.all([
    loadCredential(scope, input.id),
    requireCredentialAction(scope, input.id, input.purpose === "copy" ? "copy" : "reveal"),
    newest,
  ]);
  // The field is looked up before any limit counts: asking for one that does not exist is bad input, not a hand-out.
  const other = input.field === "password" ? null : input.field === "notes" ? row.notes : secretCustomField(row.customFields, input.field);
  const event: AuditEventInput & { action: "credential.copied" | "credential.revealed"; target: { type: "credential"; id: string } } = {
    action: input.purpose === "copy" ? "credential.copied" : "credential.revealed",
    target: { type: "credential", id: row.id },
    details: input.reason ? { field: input.field, reason: input.reason } : { field: input.field },
  };
  // The key row is read now, in the round trip of the hand-out's audit row and limit check; opened once they pass.
  const open = newest
    ? readyCurrentPassword(scope, row, newest)
    : other
      ? readyCredentialSecret(scope, credentialFieldRef(row.id, input.field), other)
      : async () => "" as Plaintext;
  const value = await handOutSecret(scope, event, open, input.purpose === "copy" ? "copied" : "revealed");
  return { value };
}

function secretCustomField(fields: StoredCustomField[], field: string): Sealed {
  const custom = fields.find((f) => `custom:${f.id}` === field && f.type === "secret");
  if (!custom) throw badInput("field", "That field does not exist on this password.");
  return custom.value as Sealed;
}

/** The credential's current TOTP code (the seed itself is never shown). */
export async function credentialTotpCode(scope: MemberScope, id: string) {
  const { db: tx, tenantId } = scope;
  const row = await loadCredential(scope, id);
  await requireCredentialAction(scope, row.id, "totp");
  if (!row.totpSeed) throw badInput("totp", "This password has no TOTP.");
  const ref = credentialFieldRef(id, "totp");
  const seed = row.totpSeed;
  return handOutSecret(scope, { action: "credential.totp_viewed", target: { type: "credential", id } }, () =>
    guardIntegrity(ref, () => currentTotpCode(tx, tenantId, ref, seed)),
  );
}

/** Reveals the password of an older version (admins; audited). Refused on copy-only credentials (the rule table). */
export async function revealCredentialVersion(scope: MemberScope, input: { id: string; version: number }) {
  const { db: tx, tenantId } = scope;
  const { id, version } = input;
  await loadCredential(scope, id);
  await requireCredentialAction(scope, id, "revealVersion");
  const [row] = await tx
    .select({ secret: credentialVersions.secret, secretGeneration: credentialVersions.secretGeneration })
    .from(credentialVersions)
    .where(and(eq(credentialVersions.tenantId, tenantId), eq(credentialVersions.credentialId, id), eq(credentialVersions.version, version)));
  if (!row?.secret) throw badInput("version", "That version did not change the password.");
  const { secret, secretGeneration } = row;
  const event = { action: "credential.version_revealed", target: { type: "credential", id }, details: { version } } as const;
  const value = await handOutSecret(scope, event, readyCredentialSecret(scope, passwordRef(id, secretGeneration), secret));
  return { value };
}
