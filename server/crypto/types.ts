declare const sealedBrand: unique symbol;
declare const plaintextBrand: unique symbol;

/** A sealed envelope as stored in the database: `v1.<keyVersion>.<base64url(nonce|ciphertext|tag)>`. */
export type Sealed = string & { readonly [sealedBrand]: true };

/** A secret in the clear. Only server/crypto creates it; it travels only to a reveal response. */
export type Plaintext = string & { readonly [plaintextBrand]: true };
