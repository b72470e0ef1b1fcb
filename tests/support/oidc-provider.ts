import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";
import { LOOPBACK } from "./target-addresses";

/** A person the test provider can sign in: the claims its id_token carries. */
/** `email_verified` left out and `xms_edov` set: an Entra ID work account. */
export type TestAccount = { sub: string; email: string; email_verified?: boolean; xms_edov?: boolean; name: string; groups: string[] };

export const TEST_CLIENT = { id: "vaultline-test", secret: "test-client-secret-8f3c2a91d7b64e05" };

/**
 * A real OpenID Provider (the oidc-provider package) on loopback, for the SSO tests: one confidential client
 * (client_secret_post, code flow, PKCE required) and accounts set by the test. Its interaction step is automatic:
 * whoever `signInAs` named last is logged in at once and the client's grant is pre-agreed (no consent page), which
 * is the part of a real IdP the tests do not exercise. Everything else (discovery, keys, codes, tokens, id_token
 * signing and claims) is the library's own.
 */
export async function startTestOidcProvider(redirectUris: string[]) {
  const accounts = new Map<string, TestAccount>();
  let nextAccount: string | null = null;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const issuer = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [{
      client_id: TEST_CLIENT.id,
      client_secret: TEST_CLIENT.secret,
      redirect_uris: redirectUris,
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["authorization_code"],
      response_types: ["code"],
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified", "xms_edov"], profile: ["name", "groups"] },
    // The claims of the granted scopes go into the id_token too (Vaultline reads the id_token only, like Entra's).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["test-cookie-key-not-secret"] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ ...account }) } : undefined;
    },
    // The client is first-party here: its grant of the requested scopes is pre-agreed.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  let discoveries = 0;
  server.on("request", (req, res) => {
    if (req.url === "/.well-known/openid-configuration") discoveries++;
    if (!req.url?.startsWith("/interaction/")) return void callback(req, res);
    void (async () => {
      await provider.interactionDetails(req, res);
      if (!nextAccount) throw new Error("signInAs() was not called before the provider's login step");
      await provider.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    /** Registers (or replaces) an account and makes it the one the next login step signs in. */
    signInAs(account: TestAccount) {
      accounts.set(account.sub, account);
      nextAccount = account.sub;
    },
    /** How many times the discovery document was fetched. */
    discoveries: () => discoveries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestOidcProvider = Awaited<ReturnType<typeof startTestOidcProvider>>;
