import { handleEnroll } from "@/server/api/agent-http";

/** Device agents enroll here with a customer's enrollment token (no session: the token is the credential). */
export const POST = handleEnroll;
