import { handleEnroll } from "@/server/api/agent-http";
import { serveDirectly } from "@/server/direct-routes";

serveDirectly("/api/agent/v1/enroll", ["POST"], handleEnroll);

/** Device agents enroll here with a customer's enrollment token (no session: the token is the credential). */
export const POST = handleEnroll;
