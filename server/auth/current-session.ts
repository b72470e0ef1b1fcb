import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "./next-auth";
import type { SessionUser } from "./sessions";

/** The live session of the current request, resolved once per request. */
export const currentSession = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sid?: string } | undefined;
  return user?.id && user.sid ? { userId: user.id, sessionId: user.sid } : null;
});
