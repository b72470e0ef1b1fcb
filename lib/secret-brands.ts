/*
 * The branded string types of secrets. Types only, here so the database schema (db/) can name them without importing
 * server/; only server/crypto makes values of them, so a function that takes `Sealed` cannot be handed a plain string.
 */

declare const sealedBrand: unique symbol;
declare const plaintextBrand: unique symbol;

/** A sealed envelope as stored in the database: `v1.<keyVersion>.<base64url(nonce|ciphertext|tag)>`. */
export type Sealed = string & { readonly [sealedBrand]: true };

/** A secret in the clear. Only server/crypto creates it; it travels only to a reveal response. */
export type Plaintext = string & { readonly [plaintextBrand]: true };
