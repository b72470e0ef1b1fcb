import { handleCheckin } from "@/server/api/agent-http";
import { serveDirectly } from "@/server/direct-routes";

// scripts/server.ts serves the check-ins after this module's first straight from node:http (server/direct-routes.ts).
serveDirectly("/api/agent/v1/checkin", ["POST"], handleCheckin);

/** Enrolled agents check in here with their bearer secret, a timestamp and a nonce. */
export const POST = handleCheckin;
