import { serve } from "inngest/next";
import { jobsMode } from "@/server/jobs/engine";
import { inngest, inngestFunctions } from "@/server/jobs/inngest";

/**
 * Inngest's endpoint: it introspects the functions here and calls back to run their steps; the SDK verifies
 * INNGEST_SIGNING_KEY on every call. In embedded mode the in-process runner does the work, and this answers 404.
 */
const handlers = serve({ client: inngest, functions: inngestFunctions });

type Handler = typeof handlers.GET;
const unlessEmbedded =
  (handler: Handler): Handler =>
  (...args) =>
    jobsMode() === "inngest"
      ? handler(...args)
      : Promise.resolve(Response.json({ error: "Inngest is not configured: background jobs run in the embedded runner." }, { status: 404 }));

export const GET = unlessEmbedded(handlers.GET);
export const POST = unlessEmbedded(handlers.POST);
export const PUT = unlessEmbedded(handlers.PUT);
