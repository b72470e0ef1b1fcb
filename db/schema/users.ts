import { integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid, index, boolean } from "drizzle-orm/pg-core";
import type { Sealed } from "@/lib/secret-brands";
import { globalId, timestamps } from "./columns";
import { tenants } from "./tenants";

/** A person. Users are global: one login can be a member of several tenants. */
export const users = pgTable(
  "users",
  {
    ...globalId,
    /** Stored lower-cased; the unique index makes sign-up and invites race-safe. */
    email: text().notNull(),
    name: text().notNull(),
    /** Null for a member created by single sign-on: they have no local password and cannot set one. */
    passwordHash: text(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /** TOTP seed sealed under the system key; set at enrolment, live once totpEnabledAt is set. */
    totpSecret: text().$type<Sealed>(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer(),
    /** Sign-in codes by email as a second factor, turned on by the user (a verified address required). */
    emailCodesEnabledAt: timestamp({ withTimezone: true }),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const backupCodes = pgTable(
  "backup_codes",
  {
    ...globalId,
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("backup_codes_user_idx").on(t.userId)],
);

/** Server-side sessions: the cookie holds a random token whose SHA-256 is stored here, so revocation is immediate. */
export const authSessions = pgTable(
  "auth_sessions",
  {
    ...globalId,
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedReason: text(),
    ip: text(),
    userAgent: text(),
    /** The workspace whose identity provider vouched for this sign-in; null for a password sign-in. */
    ssoTenantId: uuid().references(() => tenants.id, { onDelete: "cascade" }),
    /** When the user last proved it is them in this session: the sign-in, then each confirmation asked for since. */
    confirmedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("auth_sessions_token_key").on(t.tokenHash), index("auth_sessions_user_idx").on(t.userId)],
);

/** The step between a correct password and a session: holds the TOTP attempt count for one login. */
export const loginChallenges = pgTable(
  "login_challenges",
  {
    ...globalId,
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Whether a second factor (TOTP, backup code or passkey) must follow; the name predates passkeys. */
    needsTotp: boolean().notNull(),
    attempts: integer().notNull().default(0),
    /** The latest code emailed for this sign-in (its SHA-256), until when it works, and how many were sent. */
    emailCodeHash: text(),
    emailCodeExpiresAt: timestamp({ withTimezone: true }),
    emailCodesSent: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("login_challenges_token_key").on(t.tokenHash)],
);

/** Failure counters for brute-force protection, keyed by "account:<email>" or "ip:<address>". */
export const loginThrottles = pgTable("login_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

export const userTokenPurpose = pgEnum("user_token_purpose", ["password_reset", "email_verification"]);

/** Single-use emailed tokens (password reset, email verification), stored as SHA-256 hashes. */
export const userTokens = pgTable(
  "user_tokens",
  {
    ...globalId,
    purpose: userTokenPurpose().notNull(),
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("user_tokens_token_key").on(t.tokenHash)],
);

/**
 * Sign-ups waiting for their emailed link. Nothing is created until the owner of the address follows it, so a
 * sign-up answers the same whether or not the address has an account (issue #11), and nobody can claim an
 * address they do not read. The link's token is stored as a SHA-256 hash, the password as its argon2id hash.
 */
export const pendingSignUps = pgTable(
  "pending_sign_ups",
  {
    ...globalId,
    tokenHash: text().notNull(),
    /** Lower-cased, like users.email. */
    email: text().notNull(),
    name: text().notNull(),
    companyName: text().notNull(),
    passwordHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("pending_sign_ups_token_key").on(t.tokenHash),
    index("pending_sign_ups_email_idx").on(t.email),
    index("pending_sign_ups_expires_idx").on(t.expiresAt),
  ],
);
