import { handlersFor } from "@/server/api/rest/registry";

const handlers = handlersFor("/passwords/{id}/totp");
export const POST = handlers.POST!;
