import "server-only";
import { after } from "next/server";
import type { AfterResponse } from "./request-meta";

/**
 * Next runs the work once the response has gone. Nobody waits for it, so a failure is logged here: its first line
 * only, as driver errors append query parameters.
 */
export const afterResponse: AfterResponse = (task) =>
  after(() => task().catch((error: unknown) => console.error(`[after-response] ${String(error instanceof Error ? error.message : error).split("\n")[0]}`)));
