import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/contacts");
export const GET = handlers.GET!;
