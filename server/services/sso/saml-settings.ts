import "server-only";
import { randomUUID } from "node:crypto";
import type { SamlSettingsInput } from "@/lib/sso";
import { guardedFetch } from "@/server/auth/sso/guarded-fetch";
import { parseIdpMetadata, SamlDocumentError } from "@/server/auth/sso/saml";
import { ConnectorError } from "@/server/connectors/types";
import { badInput } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { commonSsoValues, findSsoConnection, saveSsoConnection } from "./sso-settings";

const METADATA_MAX_BYTES = 1_000_000;

/**
 * The IdP's metadata from its URL, through the same outbound guard as OIDC discovery (metadata and link-local
 * addresses always refused, private ones only where the workspace allows private targets; no redirects).
 */
async function fetchMetadata(url: string, allowPrivate: boolean): Promise<string> {
  const refused = (why: string) => badInput("metadataUrl", `The metadata URL could not be read: ${why}.`);
  let response: Response;
  try {
    response = await guardedFetch(allowPrivate)(url, { method: "GET", headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" }, body: undefined, redirect: "manual" });
  } catch (error) {
    throw refused(error instanceof ConnectorError ? error.message : "the server did not answer");
  }
  if (!response.ok) throw refused(`the server answered HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  if (body.byteLength > METADATA_MAX_BYTES) throw refused("the document is larger than 1 MB");
  return new TextDecoder().decode(body);
}

/**
 * Saves the workspace's SAML settings, making SAML its protocol: the IdP's entity ID, sign-on URL and signing
 * certificates are read from the uploaded metadata XML, or fetched from the metadata URL now (saving again re-reads
 * it, e.g. after the IdP rolled its certificate). Audited with what changed (certificates only as "changed").
 */
export async function updateSamlSettings(scope: MemberScope, input: SamlSettingsInput) {
  const xml = input.metadataUrl ? await fetchMetadata(input.metadataUrl, scope.settings.allowPrivateTargets === true) : input.metadataXml!;
  let idp: ReturnType<typeof parseIdpMetadata>;
  try {
    idp = parseIdpMetadata(xml);
  } catch (error) {
    if (error instanceof SamlDocumentError) throw badInput(input.metadataUrl ? "metadataUrl" : "metadataXml", error.message);
    throw error;
  }
  const existing = await findSsoConnection(scope);
  const values = {
    ...(await commonSsoValues(scope, input)),
    protocol: "saml" as const,
    issuer: idp.entityId,
    samlSsoUrl: idp.ssoUrl,
    samlCertificates: idp.certificates,
    samlMetadataUrl: input.metadataUrl ?? null,
    samlEmailAttribute: input.emailAttribute,
    samlNameAttribute: input.nameAttribute,
  };
  return saveSsoConnection(scope, existing, existing?.id ?? randomUUID(), values);
}
