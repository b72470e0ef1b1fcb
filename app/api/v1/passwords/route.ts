import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords");
export const GET = handlers.GET!;
export const POST = handlers.POST!;
