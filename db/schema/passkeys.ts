import { sql } from "drizzle-orm";
import { bigint, boolean, index, pgEnum, pgPolicy, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { currentTenant, currentUser, globalId } from "./columns";
import { users } from "./users";

/**
 * A user's WebAuthn credentials (passkeys and security keys), usable as a second factor and for passwordless
 * sign-in. Account-level like TOTP, so scoped by user: the owner reads and changes their own rows; a workspace sees
 * that its members have one (whether two-factor is on), never anyone else's.
 */
export const passkeys = pgTable(
  "passkeys",
  {
    ...globalId,
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The credential id the authenticator chose, base64url. */
    credentialId: text().notNull(),
    /** The COSE public key, base64url. Public: it verifies signatures, it cannot make them. */
    publicKey: text().notNull(),
    /** The authenticator's signature counter; a value that does not grow (when it is kept) betrays a cloned key. */
    counter: bigint({ mode: "number" }).notNull().default(0),
    transports: text().array().notNull().default([]),
    /** "multiDevice" for a synced passkey, "singleDevice" for one bound to its hardware. */
    deviceType: text().notNull(),
    backedUp: boolean().notNull(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("passkeys_credential_key").on(t.credentialId),
    index("passkeys_user_idx").on(t.userId),
    pgPolicy("passkeys_owner", { for: "all", using: sql`user_id = ${currentUser}`, withCheck: sql`user_id = ${currentUser}` }),
    pgPolicy("passkeys_workspace_members", {
      for: "select",
      using: sql`exists (select 1 from memberships m where m.user_id = passkeys.user_id and m.tenant_id = ${currentTenant})`,
    }),
  ],
).enableRLS();

export const webauthnCeremony = pgEnum("webauthn_ceremony", ["registration", "sign_in", "second_factor"]);

/**
 * Challenges handed to browsers for a WebAuthn ceremony, consumed (deleted) by the one verification that may use
 * them: single use and short-lived, in the database so any app instance can finish what another started. The user
 * is null for a passwordless sign-in, where nobody is known until the passkey answers.
 */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    ...globalId,
    challenge: text().notNull(),
    ceremony: webauthnCeremony().notNull(),
    userId: uuid().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("webauthn_challenges_challenge_key").on(t.challenge), index("webauthn_challenges_expires_idx").on(t.expiresAt)],
);
