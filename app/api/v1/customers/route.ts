import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/customers");
export const GET = handlers.GET!;
