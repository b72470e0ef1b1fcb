import "server-only";
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import type { VerifiedIdentity } from "./verified-identity";

/** What a sign-in needs to know about a workspace's SAML identity provider (from its metadata) and about us. */
export type SamlProvider = {
  /** The IdP's entity ID: the only Issuer accepted, and the issuer identities are pinned under. */
  entityId: string;
  ssoUrl: string;
  /** PEM certificates the assertion must be signed with. */
  certificates: string[];
  emailAttribute: string;
  nameAttribute: string;
  groupsAttribute: string;
  /** This workspace as a service provider. */
  sp: { entityId: string; acsUrl: string };
};

/** A validated assertion: who the IdP says it is, and how long its ID must stay in the replay cache. */
export type SamlAssertion = { identity: VerifiedIdentity; assertionId: string; replayUntil: Date };

/** Clocks of IdP and SP may disagree by this much. */
const CLOCK_SKEW_MS = 2 * 60_000;
/** An assertion is accepted this long after it was issued at most (and never past its own NotOnOrAfter). */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;
/** How long a browser may take at its IdP between start and the ACS post. */
export const SAML_PENDING_SECONDS = 600;

const SAML_NS = { saml: "urn:oasis:names:tc:SAML:2.0:assertion", samlp: "urn:oasis:names:tc:SAML:2.0:protocol", md: "urn:oasis:names:tc:SAML:2.0:metadata", ds: "http://www.w3.org/2000/09/xmldsig#" };
const select = xpath.useNamespaces(SAML_NS);
const REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/** A metadata or response document that cannot be read. */
export class SamlDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SamlDocumentError";
  }
}

function parseXml(xml: string, what: string) {
  const errors: string[] = [];
  const collect = (message: string) => void errors.push(message);
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: collect, fatalError: collect } }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement) throw new SamlDocumentError(`The ${what} is not well-formed XML.`);
  // xmldom's DOM is what xpath walks; their type declarations differ from the browser DOM's.
  return doc as unknown as Node;
}

const attributeValues = (doc: Node, path: string) => (select(path, doc) as Attr[]).map((a) => a.value.trim()).filter(Boolean);

function pem(base64: string): string {
  const body = base64.replace(/\s+/g, "");
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----`;
}

/**
 * Reads an IdP's metadata: its entity ID, the HTTP-Redirect single sign-on URL and its signing certificates
 * (KeyDescriptor use="signing" or without use). Throws a SamlDocumentError saying what is missing.
 */
export function parseIdpMetadata(xml: string): { entityId: string; ssoUrl: string; certificates: string[] } {
  const doc = parseXml(xml, "IdP metadata");
  const descriptor = "//md:EntityDescriptor[md:IDPSSODescriptor][1]";
  const [entityId] = attributeValues(doc, `${descriptor}/@entityID`);
  if (!entityId) throw new SamlDocumentError("The IdP metadata has no EntityDescriptor with an IDPSSODescriptor.");
  const [ssoUrl] = attributeValues(doc, `${descriptor}/md:IDPSSODescriptor/md:SingleSignOnService[@Binding='${REDIRECT_BINDING}']/@Location`);
  if (!ssoUrl || !/^https?:\/\//.test(ssoUrl)) throw new SamlDocumentError("The IdP metadata has no HTTP-Redirect SingleSignOnService location.");
  const keys = select(`${descriptor}/md:IDPSSODescriptor/md:KeyDescriptor[not(@use) or @use='signing']//ds:X509Certificate`, doc) as Node[];
  const certificates = [...new Set(keys.map((node) => (node.textContent ?? "").replace(/\s+/g, "")).filter(Boolean))].map(pem);
  if (!certificates.length) throw new SamlDocumentError("The IdP metadata has no signing certificate.");
  return { entityId, ssoUrl, certificates };
}

/**
 * The AuthnRequest IDs node-saml may match InResponseTo against: only the one request this browser started (carried
 * in its sealed cookie), so a response to another browser's or another workspace's request is refused, and no
 * instance has to remember anything.
 */
function oneRequestCache(requestId: string | null): CacheProvider & { saved: () => string | null } {
  let id = requestId;
  // The request's age is bounded by the sealed cookie's lifetime, which node-saml's own expiry check repeats.
  const createdAt = Date.now();
  return {
    saved: () => id,
    saveAsync: async (key, value) => ((id = key), { value, createdAt }),
    getAsync: async (key) => (key === id ? new Date(createdAt).toISOString() : null),
    removeAsync: async (key) => (key === id ? ((id = null), key) : null),
  };
}

function samlFor(provider: SamlProvider, cacheProvider: CacheProvider): SAML {
  return new SAML({
    entryPoint: provider.ssoUrl,
    issuer: provider.sp.entityId,
    audience: provider.sp.entityId,
    callbackUrl: provider.sp.acsUrl,
    idpIssuer: provider.entityId,
    idpCert: provider.certificates,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: SAML_PENDING_SECONDS * 1000,
    cacheProvider,
    identifierFormat: null,
    // Entra ID refuses a sign-in by MFA or passkey when the request asks for password-protected transport.
    disableRequestedAuthnContext: true,
  });
}

/** Starts a sign-in: the IdP URL carrying our AuthnRequest (HTTP-Redirect binding), and that request's ID. */
export async function samlAuthorizationRequest(provider: SamlProvider): Promise<{ url: string; requestId: string }> {
  const cache = oneRequestCache(null);
  const url = await samlFor(provider, cache).getAuthorizeUrlAsync("", undefined, {});
  return { url, requestId: cache.saved()! };
}

/** This workspace's SP metadata, for the IdP administrator. */
export function spMetadataXml(sp: SamlProvider["sp"]): string {
  // node-saml's constructor insists on an IdP certificate; metadata generation never reads it.
  const saml = new SAML({ issuer: sp.entityId, callbackUrl: sp.acsUrl, idpCert: "unused-for-metadata", identifierFormat: null, wantAssertionsSigned: true });
  return saml.generateServiceProviderMetadata(null);
}

const attribute = (profile: Profile, name: string): unknown => (profile.attributes as Record<string, unknown> | undefined)?.[name];

function firstValue(profile: Profile, name: string): string | null {
  const value = attribute(profile, name);
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() ? first.trim() : null;
}

function allValues(profile: Profile, name: string): string[] {
  const value = attribute(profile, name);
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/**
 * Checks what node-saml leaves to us (it checks the Issuer of logout messages only), on the signed assertion it
 * validated, never on the unsigned envelope: the Issuer is the IdP's entity ID, the bearer confirmation's Recipient is
 * our ACS URL, and the Response's Destination, when present, is too. Returns the assertion's ID and replay horizon.
 */
function checkedByUs(profile: Profile, provider: SamlProvider) {
  const acsUrl = provider.sp.acsUrl;
  const assertion = parseXml(profile.getAssertionXml!(), "assertion");
  const issuers = (select("/saml:Assertion/saml:Issuer", assertion) as Node[]).map((node) => (node.textContent ?? "").trim());
  if (issuers.length !== 1 || issuers[0] !== provider.entityId) throw new SamlDocumentError("The assertion was not issued by this workspace's IdP.");
  const recipients = attributeValues(assertion, "/saml:Assertion/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData/@Recipient");
  if (!recipients.length || recipients.some((r) => r !== acsUrl)) throw new SamlDocumentError("The assertion is not for this ACS URL.");
  const response = parseXml(profile.getSamlResponseXml!(), "response");
  const destinations = attributeValues(response, "/samlp:Response/@Destination");
  if (destinations.some((d) => d !== acsUrl)) throw new SamlDocumentError("The response is not for this ACS URL.");
  const [assertionId] = attributeValues(assertion, "/saml:Assertion/@ID");
  const [issued] = attributeValues(assertion, "/saml:Assertion/@IssueInstant");
  const issuedAt = Date.parse(issued ?? "");
  if (!assertionId || Number.isNaN(issuedAt)) throw new SamlDocumentError("The assertion has no ID or IssueInstant.");
  return { assertionId, replayUntil: new Date(issuedAt + MAX_ASSERTION_AGE_MS + CLOCK_SKEW_MS) };
}

/**
 * Validates a POSTed SAMLResponse for the request this browser started: node-saml checks the assertion's signature by
 * the IdP's certificates (a response whose assertion is unsigned, altered or wrapped is refused), the Issuer, the
 * audience, NotBefore/NotOnOrAfter within two minutes' skew and ten minutes' age, and InResponseTo; then the
 * issuer and recipient are checked here. Throws on any failure; replay is the caller's check (it needs the database).
 */
export async function validateSamlResponse(provider: SamlProvider, samlResponse: string, requestId: string): Promise<SamlAssertion> {
  const { profile } = await samlFor(provider, oneRequestCache(requestId)).validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile?.getAssertionXml || !profile.nameID) throw new SamlDocumentError("The response carries no assertion.");
  const { assertionId, replayUntil } = checkedByUs(profile, provider);
  const email = (firstValue(profile, provider.emailAttribute) ?? (profile.nameID.includes("@") ? profile.nameID : null))?.toLowerCase() ?? null;
  return {
    assertionId,
    replayUntil,
    identity: {
      issuer: provider.entityId,
      subject: profile.nameID,
      email,
      // SAML has no verification flag: an address the IdP asserts counts as its own (allowed domains still apply).
      emailVerified: email !== null,
      name: firstValue(profile, provider.nameAttribute),
      groups: allValues(profile, provider.groupsAttribute),
    },
  };
}
