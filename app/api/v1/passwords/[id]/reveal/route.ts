import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/reveal");
export const POST = handlers.POST!;
