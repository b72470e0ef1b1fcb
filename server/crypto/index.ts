/**
 * server/crypto: the only module that handles keys and plaintext secrets. Envelope encryption: a master key
 * (KEK) wraps per-tenant data keys (DEKs); each secret field is sealed with AES-256-GCM under a DEK, with AAD
 * binding tenant, table, row, field and key version.
 */
export type { Plaintext, Sealed } from "@/lib/secret-brands";
export type { AuditMac, FieldRef, TenantSealer } from "./keyring";
export {
  createTenantKey,
  rotateTenantKey,
  sealTenantSecret,
  openTenantSecret,
  readyTenantSecret,
  tenantSecretOpener,
  tenantSealer,
  openTenantBytes,
  resealTenantSecret,
  sealSystemSecret,
  openSystemSecret,
  rewrapAllKeys,
  clearKeyCache,
  tenantAuditMac,
} from "./keyring";
export { DecryptionError } from "./aead";
export { masterKey, decodeMasterKey } from "./master-key";
export { randomToken, hashToken, safeEqual } from "./tokens";
export { sealCookie, openCookie } from "./sealed-cookie";
export { newWebhookSigningSecret, openWebhookSigningSecret, webhookSignature } from "./webhook-signature";
