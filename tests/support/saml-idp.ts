import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as samlify from "samlify";
import { LOOPBACK } from "./target-addresses";

/** A person the test IdP can sign in: their NameID and the attributes its assertion carries. */
export type SamlTestUser = { nameId: string; email: string; name: string; groups: string[] };

/** What one answer of the IdP looks like, for the negative tests: tag values to override and a last edit of the XML. */
export type SamlAnswerShape = {
  tags?: Partial<Record<"AssertionID" | "Audience" | "SubjectRecipient" | "Destination" | "InResponseTo" | "Issuer" | "IssueInstant" | "ConditionsNotBefore" | "ConditionsNotOnOrAfter" | "SubjectConfirmationDataNotOnOrAfter", string>>;
  /** false: the assertion is left unsigned and samlify signs the Response envelope only. */
  signAssertion?: boolean;
  /** Signs with this key pair instead of the one in the IdP's metadata. */
  keyPair?: TestKeyPair;
  /** Edits the signed response XML (an attacker's change after signing). */
  afterSigning?: (xml: string) => string;
};

export type TestKeyPair = { privateKey: string; certificate: string };

/** A throwaway RSA key and self-signed certificate, made by openssl for one test run. */
export function throwawayKeyPair(commonName: string): TestKeyPair {
  const dir = mkdtempSync(join(tmpdir(), "vaultline-saml-"));
  try {
    const [keyFile, certFile] = [join(dir, "key.pem"), join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2", "-subj", `/CN=${commonName}`, "-keyout", keyFile, "-out", certFile], { stdio: "ignore" });
    return { privateKey: readFileSync(keyFile, "utf8"), certificate: readFileSync(certFile, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function attributeStatement(user: SamlTestUser): string {
  const attribute = (name: string, values: string[]) =>
    `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join("")}</saml:Attribute>`;
  return `<saml:AttributeStatement>${attribute("email", [user.email])}${attribute("displayName", [user.name])}${attribute("groups", user.groups)}</saml:AttributeStatement>`;
}

const REDIRECT = samlify.Constants.namespace.binding.redirect;

/**
 * A real SAML 2.0 identity provider (samlify's IdentityProvider) on loopback, for the SAML tests: it publishes its
 * metadata, takes AuthnRequests on the HTTP-Redirect binding and answers through the HTTP-POST binding with an
 * auto-submitting form, signing the assertion with a throwaway key. Its login step is automatic (whoever `signInAs`
 * named last), which is the part of a real IdP the tests do not exercise; `shapeNextAnswer` bends one answer the way
 * an attacker or a broken IdP would.
 */
export async function startTestSamlIdp() {
  // The IdP side reads our AuthnRequest; what is under test is the SP, which validates with node-saml.
  samlify.setSchemaValidator({ validate: async () => "skipped" });
  const keys = throwawayKeyPair("vaultline-test-idp");
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const base = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  const idpFor = (pair: TestKeyPair) =>
    samlify.IdentityProvider({
      entityID: `${base}/metadata`,
      privateKey: pair.privateKey,
      signingCert: pair.certificate,
      singleSignOnService: [{ Binding: REDIRECT, Location: `${base}/sso` }],
      nameIDFormat: ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"],
    });
  const idp = idpFor(keys);
  const serviceProviders = new Map<string, string>();
  let user: SamlTestUser | null = null;
  let shape: SamlAnswerShape = {};

  /** The auto-submitting form the IdP answers a login with: the SAMLResponse posted to the SP's ACS. */
  async function answer(query: Record<string, string>): Promise<{ acs: string; samlResponse: string }> {
    // The request names the SP that sent it; samlify parses it with each trusted SP's metadata until one matches.
    for (const metadata of serviceProviders.values()) {
      // samlify signs the assertion when the SP's metadata asks for it; asked not to, it signs the Response only.
      const asked = shape.signAssertion === false ? metadata.replace('WantAssertionsSigned="true"', 'WantAssertionsSigned="false"') : metadata;
      const sp = samlify.ServiceProvider({ metadata: asked });
      const parsed = await idp.parseLoginRequest(sp, "redirect", { query, octetString: "" } as never);
      const request = parsed as unknown as { extract: { issuer: string; request: { id: string } } };
      if (request.extract.issuer !== sp.entityMeta.getEntityID()) continue;
      if (!user) throw new Error("signInAs() was not called before the IdP's login step");
      const signer = shape.keyPair ? idpFor(shape.keyPair) : idp;
      const current = user;
      const tags = shape.tags ?? {};
      const afterSigning = shape.afterSigning;
      const { context } = await signer.createLoginResponse(sp, parsed as never, "post", { email: current.nameId }, {
        customTagReplacement: (template: string) => {
          const now = new Date();
          const later = new Date(now.getTime() + 5 * 60_000).toISOString();
          const acs = sp.entityMeta.getAssertionConsumerService("post") as string;
          const values: Record<string, string> = {
            ID: `_${crypto.randomUUID()}`, AssertionID: `_${crypto.randomUUID()}`, Destination: acs, Audience: sp.entityMeta.getEntityID(),
            SubjectRecipient: acs, Issuer: `${base}/metadata`, IssueInstant: now.toISOString(), StatusCode: "urn:oasis:names:tc:SAML:2.0:status:Success",
            ConditionsNotBefore: now.toISOString(), ConditionsNotOnOrAfter: later, SubjectConfirmationDataNotOnOrAfter: later,
            NameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", NameID: current.nameId, InResponseTo: request.extract.request.id,
            ...tags,
          };
          const xml = template.replace(/\{(\w+)\}/g, (_, tag: string) => (tag === "AttributeStatement" ? attributeStatement(current) : tag === "AuthnStatement" ? "" : escapeXml(values[tag] ?? "")));
          return { id: values.ID!, context: xml };
        },
      });
      shape = {};
      const xml = Buffer.from(context, "base64").toString("utf8");
      const acs = sp.entityMeta.getAssertionConsumerService("post") as string;
      return { acs, samlResponse: Buffer.from(afterSigning ? afterSigning(xml) : xml).toString("base64") };
    }
    throw new Error("The AuthnRequest came from a service provider the test IdP does not trust.");
  }

  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/metadata") {
      res.setHeader("content-type", "application/samlmetadata+xml");
      return void res.end(idp.getMetadata());
    }
    if (url.pathname !== "/sso") return void ((res.statusCode = 404), res.end());
    answer(Object.fromEntries(url.searchParams))
      .then(({ acs, samlResponse }) => {
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(`<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeXml(acs)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"><noscript><button>Continue</button></noscript></form></body></html>`);
      })
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
      });
  });

  return {
    metadataUrl: `${base}/metadata`,
    entityId: `${base}/metadata`,
    metadataXml: () => idp.getMetadata(),
    certificate: keys.certificate,
    /** Trusts a service provider by its metadata (what an IdP administrator does when adding the app). */
    trust(spMetadataXml: string) {
      const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
      serviceProviders.set(sp.entityMeta.getEntityID(), spMetadataXml);
    },
    signInAs(next: SamlTestUser) {
      user = next;
    },
    /** Bends the next answer only. */
    shapeNextAnswer(next: SamlAnswerShape) {
      shape = next;
    },
    /** Plays the browser at the IdP: follows our AuthnRequest URL and reads the form it would post to the ACS. */
    async answerTo(authorizeUrl: string): Promise<{ acs: string; samlResponse: string }> {
      const response = await fetch(authorizeUrl);
      const html = await response.text();
      if (!response.ok) throw new Error(`The test IdP answered ${response.status}: ${html}`);
      return { acs: html.match(/action="([^"]+)"/)![1]!.replace(/&#38;/g, "&"), samlResponse: html.match(/name="SAMLResponse" value="([^"]+)"/)![1]! };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestSamlIdp = Awaited<ReturnType<typeof startTestSamlIdp>>;
