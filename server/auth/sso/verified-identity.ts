/**
 * Who an identity provider proved the person is, whatever the protocol (an OIDC id_token, a SAML assertion), after
 * the protocol's own checks passed: what the workspace's admission rules act on.
 */
export type VerifiedIdentity = {
  /** The OIDC issuer or the SAML IdP's entity ID; with `subject`, what an identity is pinned by. */
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** Values of the configured groups/roles claim or attribute, for role mapping. */
  groups: string[];
};
