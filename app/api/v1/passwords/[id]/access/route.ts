import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/access");
export const GET = handlers.GET!;
