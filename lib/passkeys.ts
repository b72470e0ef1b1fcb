import { z } from "zod";

/**
 * What the browser sends back from a WebAuthn ceremony (@simplewebauthn/browser's JSON), checked for shape and size
 * only: the signature, challenge, origin and counter are verified on the server by @simplewebauthn/server.
 */
const base64url = (field: string, max: number) =>
  z
    .string({ error: `${field} is missing.` })
    .max(max, `${field} is too long.`)
    .regex(/^[A-Za-z0-9_-]*$/, `${field} must be base64url.`);

const credentialBase = {
  id: base64url("The credential id", 1400).min(1, "The credential id is missing."),
  rawId: base64url("The raw credential id", 1400),
  type: z.literal("public-key", { error: "The credential type must be public-key." }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

const transports = z.array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"])).max(8).optional();

export const zPasskeyRegistration = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url("clientDataJSON", 4096),
    attestationObject: base64url("attestationObject", 16384),
    transports,
    authenticatorData: base64url("authenticatorData", 8192).optional(),
    publicKey: base64url("publicKey", 2048).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
});

export const zPasskeyAssertion = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url("clientDataJSON", 4096),
    authenticatorData: base64url("authenticatorData", 8192),
    signature: base64url("signature", 2048),
    userHandle: base64url("userHandle", 512).optional(),
  }),
});

export type PasskeyRegistration = z.infer<typeof zPasskeyRegistration>;
export type PasskeyAssertion = z.infer<typeof zPasskeyAssertion>;

/** The second factors an account can answer the sign-in's second step with. */
export type SecondFactor = "totp" | "passkey" | "email";

export const zPasskeyName = z
  .string({ error: "Name the passkey." })
  .trim()
  .min(1, "Name the passkey, e.g. “Work laptop” or “YubiKey”.")
  .max(60, "A passkey name is at most 60 characters.");

/**
 * The words for a ceremony the browser ended (its DOMException's name): the user cancelled or took too long, the
 * authenticator is already registered, or the page is not allowed to use passkeys.
 */
export function passkeyBrowserError(name: string | undefined, ceremony: "register" | "sign-in"): string {
  switch (name) {
    case "NotAllowedError":
    case "AbortError":
      return ceremony === "register"
        ? "The passkey was not created: the request was cancelled or timed out. Try again."
        : "No passkey was used: the request was cancelled or timed out. Try again.";
    case "InvalidStateError":
      return "This authenticator already holds a passkey for your account.";
    case "SecurityError":
      return "Passkeys are not available at this address. Open Vaultline at its usual address and try again.";
    case "NotSupportedError":
      return "This browser or authenticator does not support passkeys.";
    default:
      return "The passkey request failed in the browser. Try again.";
  }
}
