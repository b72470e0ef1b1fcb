import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import { passkeyBrowserError, type PasskeyAssertion, type PasskeyRegistration } from "@/lib/passkeys";

export type Ceremony<T> = { ok: true; response: T } | { ok: false; error: string };

/** The browser's passkey prompt for the server's options; a cancelled or failed prompt comes back as words. */
async function ceremony<T>(run: () => Promise<unknown>, kind: "register" | "sign-in"): Promise<Ceremony<T>> {
  try {
    return { ok: true, response: (await run()) as T };
  } catch (error) {
    return { ok: false, error: passkeyBrowserError(error instanceof Error ? error.name : undefined, kind) };
  }
}

export function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON) {
  return ceremony<PasskeyRegistration>(() => startRegistration({ optionsJSON }), "register");
}

export function provePasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON) {
  return ceremony<PasskeyAssertion>(() => startAuthentication({ optionsJSON }), "sign-in");
}
