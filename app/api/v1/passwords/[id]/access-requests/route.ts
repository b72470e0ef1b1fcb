import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/access-requests");
export const POST = handlers.POST!;
