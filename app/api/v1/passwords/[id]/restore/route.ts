import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/restore");
export const POST = handlers.POST!;
