import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}");
export const GET = handlers.GET!;
export const PATCH = handlers.PATCH!;
export const DELETE = handlers.DELETE!;
