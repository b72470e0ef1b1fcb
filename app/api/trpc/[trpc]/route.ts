import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { currentSession } from "@/server/auth/current-session";
import { requestMeta } from "@/server/request-meta";
import { appRouter } from "@/server/routers";
import { retryAfterSeconds } from "@/server/trpc";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ session: await currentSession(), meta: requestMeta(req.headers) }),
    // Responses may carry secrets (TOTP set-up, backup codes, later revealed passwords): never cache any.
    responseMeta: ({ errors }) => {
      const headers = new Headers({ "cache-control": "no-store" });
      const wait = retryAfterSeconds(errors);
      if (wait) headers.set("retry-after", String(wait));
      return { headers };
    },
  });
}

export { handler as GET, handler as POST };
