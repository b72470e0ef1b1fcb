import "server-only";
import { after } from "next/server";
import { runQuietly } from "./direct-routes";
import type { AfterResponse } from "./request-meta";

/** Next runs the work once the response has gone; nobody waits for it (runQuietly logs a failure). */
export const afterResponse: AfterResponse = (task) => after(() => runQuietly(task));
