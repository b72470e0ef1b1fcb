import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/audit-events");
export const GET = handlers.GET!;
