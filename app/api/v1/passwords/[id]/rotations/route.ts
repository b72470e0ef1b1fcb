import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/rotations");
export const POST = handlers.POST!;
