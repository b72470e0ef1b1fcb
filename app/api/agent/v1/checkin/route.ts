import { handleCheckin } from "@/server/api/agent-http";

/** Enrolled agents check in here with their bearer secret, a timestamp and a nonce. */
export const POST = handleCheckin;
