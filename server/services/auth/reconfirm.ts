import "server-only";
import { z } from "zod";
import { withUser } from "@/db/client";
import { freshConfirmationInput } from "@/lib/reconfirm";
import { markSessionConfirmed } from "@/server/auth/sessions";
import type { RequestMeta } from "@/server/request-meta";
import { recordAccountEvent } from "./actors";
import { checkFreshConfirmation, confirmationPasskeyOptions } from "./fresh-confirmation";

type Me = { id: string; email: string; sessionId: string };

export const reconfirmInput = z.object({ confirmation: freshConfirmationInput });

/** A passkey challenge for confirming it is them (the user's own passkeys): before an export, or again before secrets. */
export function confirmationPasskeyOptionsFor(me: Me) {
  return withUser(me.id, (tx) => confirmationPasskeyOptions(tx, me.id));
}

/**
 * The user proves it is them again in this session (lib/reconfirm.ts): on success the session counts as confirmed
 * now, so workspaces that ask after a while hand out secrets again. Attempts are counted like an export's
 * confirmation; both outcomes are audited in the user's workspaces, with the method and never what was typed.
 */
export async function reconfirmSession(me: Me, input: z.infer<typeof reconfirmInput>, meta: RequestMeta) {
  const { method } = input.confirmation;
  const refusal = await withUser(me.id, async (tx) => {
    const actor = { userId: me.id, label: me.email, ...meta };
    const refused = await checkFreshConfirmation(tx, me.id, input.confirmation);
    if (refused) {
      await recordAccountEvent(tx, me.id, actor, { action: "auth.reconfirm_failed", details: { method } });
      return refused;
    }
    await markSessionConfirmed(tx, me.sessionId);
    await recordAccountEvent(tx, me.id, actor, { action: "auth.reconfirmed", details: { method } });
    return null;
  });
  // Thrown only now, after the commit: the failed attempt's count must stay.
  if (refusal) throw refusal;
  return { confirmed: true as const };
}
