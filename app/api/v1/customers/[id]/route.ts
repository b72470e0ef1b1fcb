import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/customers/{id}");
export const GET = handlers.GET!;
