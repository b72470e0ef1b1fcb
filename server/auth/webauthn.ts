import "server-only";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransportFuture,
} from "@simplewebauthn/server";
import { and, eq, gt, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { passkeys, webauthnChallenges } from "@/db/schema";
import type { PasskeyAssertion, PasskeyRegistration } from "@/lib/passkeys";
import { appUrl } from "@/server/email/send-email";

/** How long a browser has between asking for a ceremony and answering it (the options' timeout is the same). */
const CEREMONY_SECONDS = 300;

/**
 * The relying party: the configured app URL's origin, and its host name as the RP ID. VAULTLINE_PASSKEY_ORIGIN
 * overrides it where the app URL cannot be one (browsers refuse an IP address such as 127.0.0.1 as an RP ID).
 */
export function relyingParty() {
  const origin = new URL(process.env.VAULTLINE_PASSKEY_ORIGIN ?? appUrl()).origin;
  return { origin, rpID: new URL(origin).hostname, rpName: "Vaultline" };
}

type Ceremony = (typeof webauthnChallenges.$inferInsert)["ceremony"];
type StoredPasskey = typeof passkeys.$inferSelect;

async function storeChallenge(tx: Tx, challenge: string, ceremony: Ceremony, userId: string | null) {
  // Left-over challenges of abandoned ceremonies go here, a few at a time, rather than in a job.
  await tx.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, new Date()));
  await tx.insert(webauthnChallenges).values({ challenge, ceremony, userId, expiresAt: new Date(Date.now() + CEREMONY_SECONDS * 1000) });
}

/** The challenge a response signed over, read from its clientDataJSON (what verification then compares). */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof parsed.challenge === "string" ? parsed.challenge : null;
  } catch {
    return null;
  }
}

/**
 * Takes the stored challenge the response answers, deleting it in the same statement: a challenge serves one
 * verification, whatever its outcome, and a replay finds nothing. Null for an unknown, expired, used or foreign one.
 */
async function consumeChallenge(tx: Tx, clientDataJSON: string, ceremony: Ceremony, userId: string | null) {
  const challenge = signedChallenge(clientDataJSON);
  if (!challenge) return null;
  const [row] = await tx
    .delete(webauthnChallenges)
    .where(and(eq(webauthnChallenges.challenge, challenge), eq(webauthnChallenges.ceremony, ceremony), gt(webauthnChallenges.expiresAt, new Date())))
    .returning();
  if (!row || row.userId !== userId) return null;
  return row.challenge;
}

/** What a response must match: the consumed challenge and this relying party. Null when the challenge does not check out. */
async function expectedFor(tx: Tx, clientDataJSON: string, ceremony: Ceremony, userId: string | null) {
  const expectedChallenge = await consumeChallenge(tx, clientDataJSON, ceremony, userId);
  if (!expectedChallenge) return null;
  const { origin, rpID } = relyingParty();
  return { expectedChallenge, expectedOrigin: origin, expectedRPID: rpID };
}

const transportsOf = (stored: string[]) => stored as AuthenticatorTransportFuture[];

/**
 * Options for creating a passkey: resident (discoverable, so it can sign in without a password) and user-verified,
 * never a second one on an authenticator that holds one of the user's passkeys already.
 */
export async function registrationOptions(tx: Tx, user: { id: string; email: string; name: string }, existing: StoredPasskey[]) {
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userID: Buffer.from(user.id.replaceAll("-", ""), "hex"),
    userName: user.email,
    userDisplayName: user.name,
    attestationType: "none",
    timeout: CEREMONY_SECONDS * 1000,
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    supportedAlgorithmIDs: [-7, -257, -8],
  });
  await storeChallenge(tx, options.challenge, "registration", user.id);
  return options;
}

/** Verifies a new passkey against the user's pending registration challenge; null when it does not check out. */
export async function verifyRegistration(tx: Tx, userId: string, response: PasskeyRegistration) {
  const expected = await expectedFor(tx, response.response.clientDataJSON, "registration", userId);
  if (!expected) return null;
  const verification = await verifyRegistrationResponse({
    response,
    ...expected,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) return null;
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  return {
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString("base64url"),
    counter: credential.counter,
    transports: credential.transports ?? response.response.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  };
}

/**
 * Options for proving a passkey: for a second factor, one of the user's (`allow`) with user verification preferred;
 * for passwordless sign-in, any discoverable passkey, with user verification required (it is both factors then).
 */
export async function authenticationOptions(tx: Tx, ceremony: "sign_in" | "second_factor", userId: string | null, allow: StoredPasskey[] = []) {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    timeout: CEREMONY_SECONDS * 1000,
    allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    userVerification: ceremony === "sign_in" ? "required" : "preferred",
  });
  await storeChallenge(tx, options.challenge, ceremony, userId);
  return options;
}

export type AssertionCheck = { ok: true; newCounter: number } | { ok: false; reason: "challenge" | "signature" };

/**
 * Verifies an assertion made with `stored` against a challenge issued for this ceremony (and user): origin, RP ID,
 * signature, user presence (and verification for passwordless), and a signature counter that must grow when the
 * authenticator keeps one; a counter that does not betrays a cloned authenticator.
 */
export async function verifyAssertion(tx: Tx, ceremony: "sign_in" | "second_factor", userId: string | null, stored: StoredPasskey, response: PasskeyAssertion): Promise<AssertionCheck> {
  const expected = await expectedFor(tx, response.response.clientDataJSON, ceremony, userId);
  if (!expected) return { ok: false, reason: "challenge" };
  const verification = await verifyAuthenticationResponse({
    response,
    ...expected,
    requireUserVerification: ceremony === "sign_in",
    credential: {
      id: stored.credentialId,
      publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
      counter: stored.counter,
      transports: transportsOf(stored.transports),
    },
  }).catch(() => null);
  if (!verification?.verified) return { ok: false, reason: "signature" };
  return { ok: true, newCounter: verification.authenticationInfo.newCounter };
}
