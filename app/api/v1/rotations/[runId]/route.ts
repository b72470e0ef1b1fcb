import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/rotations/{runId}");
export const GET = handlers.GET!;
