import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/devices/{id}");
export const GET = handlers.GET!;
