import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/devices");
export const GET = handlers.GET!;
