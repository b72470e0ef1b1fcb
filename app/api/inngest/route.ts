import { serve } from "inngest/next";
import { inngest, inngestFunctions } from "@/server/jobs/inngest";

/**
 * Inngest's endpoint: it introspects the functions here and calls back to run their steps. Requests are
 * signed with INNGEST_SIGNING_KEY (verified by the SDK); in embedded mode nothing calls it.
 */
export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions });
