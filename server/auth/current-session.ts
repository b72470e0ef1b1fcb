import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "./next-auth";
import type { SessionUser } from "./sessions";

/** The live session of the current request, resolved once per request. */
export const currentSession = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: string; sid?: string; sso?: string | null } | undefined;
  return user?.id && user.sid ? { userId: user.id, sessionId: user.sid, ssoTenantId: user.sso ?? null } : null;
});

/**
 * The live session, or a redirect to the login page that comes back to the page asked for (proxy.ts passes
 * the requested path in `x-pathname`; anything that is not a same-site path falls back to `fallbackPath`).
 */
export async function requireSession(fallbackPath: string): Promise<SessionUser> {
  const session = await currentSession();
  if (session) return session;
  const requested = (await headers()).get("x-pathname");
  const back = requested && requested.startsWith("/") && !requested.startsWith("//") ? requested : fallbackPath;
  redirect(`/login?callbackUrl=${encodeURIComponent(back)}`);
}
