import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/contacts/{id}");
export const GET = handlers.GET!;
