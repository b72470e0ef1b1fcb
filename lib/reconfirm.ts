import { z } from "zod";
import { zPasskeyAssertion } from "./passkeys";
import { zPassword, zTotpCode } from "./validation";

/*
 * Confirming again before secrets are handed out (issue #16 item 7): a workspace may ask a member who signed in or
 * last confirmed more than N minutes ago to prove it is them again (password, authenticator code or passkey) before
 * a reveal, a copy or a TOTP code. The server refuses with this message; the browser's tRPC client recognises it,
 * asks, and sends the request again.
 */

export const reconfirmRequiredMessage = "Confirm it is you to continue: it has been a while since you signed in or last confirmed.";

/** The setting's range (minutes); 0 turns it off. */
export const RECONFIRM_MAX_MINUTES = 1440;

/** Whether a session last confirmed at `confirmedAt` must confirm again under `afterMinutes` (0 or absent: never). */
export function needsReconfirmation(confirmedAt: Date | undefined, afterMinutes: number | undefined, now = new Date()): boolean {
  if (!afterMinutes) return false;
  return !confirmedAt || now.getTime() - confirmedAt.getTime() > afterMinutes * 60_000;
}

/** "It is you at the keyboard": the account password, a current code from the authenticator app, or a passkey. */
export const freshConfirmationInput = z.discriminatedUnion(
  "method",
  [
    z.object({ method: z.literal("password"), password: zPassword }),
    z.object({ method: z.literal("totp"), code: zTotpCode }),
    z.object({ method: z.literal("passkey"), passkey: zPasskeyAssertion }),
  ],
  { error: "Confirm with your password, an authenticator code or a passkey." },
);
export type FreshConfirmation = z.infer<typeof freshConfirmationInput>;
