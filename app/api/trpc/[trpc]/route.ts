import { afterResponse } from "@/server/after-response";
import { handleTrpc } from "@/server/api/trpc-http";
import { serveDirectly } from "@/server/direct-routes";

export const dynamic = "force-dynamic";

// scripts/server.ts serves the requests after this module's first straight from node:http (server/direct-routes.ts).
serveDirectly("/api/trpc/[trpc]", ["GET", "POST"], (req, after) => Promise.resolve(handleTrpc(req, after)));

function handler(req: Request) {
  return handleTrpc(req, afterResponse);
}

export { handler as GET, handler as POST };
