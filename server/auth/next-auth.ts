import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { deriveSecret } from "@/server/crypto/derive";
import { completeLogin, completeLoginInput } from "@/server/services/auth/login";
import { endSession } from "@/server/services/auth/my-sessions";
import { myAccount } from "@/server/services/tenants/workspaces";
import { AppError } from "@/server/errors";
import { requestMeta } from "@/server/request-meta";
import { resolveSession } from "./sessions";

const appUrl = process.env.NEXTAUTH_URL ?? process.env.VAULTLINE_APP_URL ?? "http://localhost:3000";
/** Secure cookies (and the __Host- prefix) wherever the app is served over HTTPS. */
export const secureCookies = appUrl.startsWith("https://");
export const SESSION_COOKIE = secureCookies ? "__Host-vaultline.session" : "vaultline.session";
/** The cookie's lifetime; the server-side session's own timeouts end it sooner. */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

function headersOf(req: { headers?: Record<string, unknown> } | undefined): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req?.headers ?? {})) if (typeof v === "string") headers.set(k, v);
  return headers;
}

/**
 * next-auth with the credentials provider, made to keep sessions in our database: the cookie holds an opaque
 * random token (not a JWT) that `jwt.decode` resolves against auth_sessions on every request, so logout,
 * deactivation, password and role changes end sessions at once. The first login step (password) is the
 * auth.startLogin procedure; `authorize` takes its challenge plus the TOTP/backup code.
 */
let options: NextAuthOptions | undefined;
/** Built on first use, not at import: `next build` imports this module and must not create a master key. */
export function authOptions(): NextAuthOptions {
  options ??= buildOptions();
  return options;
}

const buildOptions = (): NextAuthOptions => ({
  secret: process.env.NEXTAUTH_SECRET ?? deriveSecret("next-auth"),
  useSecureCookies: secureCookies,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  cookies: {
    sessionToken: {
      name: SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies },
    },
  },
  providers: [
    CredentialsProvider({
      name: "Vaultline",
      credentials: { challenge: { type: "text" }, code: { type: "text" } },
      async authorize(credentials, req) {
        // The same validation as every other input (it also lower-cases backup codes typed in capitals).
        const parsed = completeLoginInput.safeParse({
          challenge: credentials?.challenge ?? "",
          code: credentials?.code?.trim() || undefined,
        });
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? "Enter the code again.");
        try {
          const { token, userId } = await completeLogin(parsed.data, requestMeta(headersOf(req)));
          return { id: userId, sessionToken: token };
        } catch (error) {
          // next-auth hands an Error's message to the sign-in page; AppError messages are written for users.
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ],
  jwt: {
    async encode({ token }) {
      return typeof token?.sessionToken === "string" ? token.sessionToken : "";
    },
    async decode({ token }) {
      if (!token) return null;
      const session = await resolveSession(token);
      return session ? { sub: session.userId, sid: session.sessionId, sso: session.ssoTenantId ?? null, sessionToken: token } : null;
    },
  },
  callbacks: {
    async jwt({ token, user }) {
      if (user && "sessionToken" in user) return { ...token, sub: user.id, sessionToken: user.sessionToken };
      return token;
    },
    async session({ session, token }) {
      return { expires: session.expires, user: { id: token.sub, sid: token.sid, sso: token.sso ?? null } } as typeof session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sub === "string" && typeof token.sid === "string") {
        const account = await myAccount(token.sub);
        await endSession(token.sub, token.sid, account?.email ?? token.sub, { ip: null, userAgent: null });
      }
    },
  },
});
