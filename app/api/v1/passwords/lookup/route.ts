import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/lookup");
export const GET = handlers.GET!;
