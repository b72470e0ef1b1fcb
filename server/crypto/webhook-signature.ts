import "server-only";
import { createHmac } from "node:crypto";
import type { Tx } from "@/db/client";
import type { Sealed } from "@/lib/secret-brands";
import { openTenantSecret, sealTenantSecret, type FieldRef } from "./keyring";
import { randomToken } from "./tokens";

/*
 * Webhook signing secrets: made, sealed and used here only. A receiver verifies a delivery by recomputing
 * HMAC-SHA256 over "<t>.<body>" with the secret (the whole `whsec_…` string as UTF-8 bytes) and comparing it with
 * the `v1` value, as Stripe's scheme does.
 */

const webhookSecretRef = (webhookId: string): FieldRef => ({ table: "webhooks", rowId: webhookId, field: "signing_secret" });

/** A new signing secret for a webhook: the value to show its admin once, and the sealed form to store. */
export async function newWebhookSigningSecret(tx: Tx, tenantId: string, webhookId: string): Promise<{ shown: string; sealed: Sealed }> {
  const shown = `whsec_${randomToken(32)}`;
  return { shown, sealed: await sealTenantSecret(tx, tenantId, webhookSecretRef(webhookId), shown) };
}

/** The signing secret, for an admin who asked to see it again (the caller audits it). */
export function openWebhookSigningSecret(tx: Tx, tenantId: string, webhookId: string, sealed: Sealed): Promise<string> {
  return openTenantSecret(tx, tenantId, webhookSecretRef(webhookId), sealed);
}

/** The value of the signature header for `body` sent at `at`: `t=<unix seconds>,v1=<hex HMAC>`. */
export async function webhookSignature(tx: Tx, tenantId: string, webhookId: string, sealed: Sealed, body: string, at: Date): Promise<string> {
  const secret = await openTenantSecret(tx, tenantId, webhookSecretRef(webhookId), sealed);
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest("hex")}`;
}
