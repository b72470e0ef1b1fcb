import "server-only";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { AppError } from "@/server/errors";
import { IMPORT_MAX_BYTES } from "@/server/import/limits";
import type { AfterResponse, RequestMeta } from "@/server/request-meta";
import { appRouter } from "@/server/routers";
import { createCallerFactory } from "@/server/trpc";

/*
 * The upload of an import file: multipart/form-data (a file is no JSON), handed to the `imports.upload` procedure in
 * process, so it runs on the same rung as every other import procedure (session, membership, 2FA, role) in one
 * tenant transaction. A ZIP or KeePass password travels in this one request and is never stored.
 */

/** The file's limit, plus room for the form's other parts (password, a key file) and its boundaries. */
const MAX_REQUEST_BYTES = IMPORT_MAX_BYTES + 1024 * 1024;
const HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export type UploadAnswer = { importId: string; format: string | null; candidates: { id: string; label: string; confidence: number }[] };
type ErrorBody = { error: { code: string; message: string; field: string | null } };

const refuse = (status: number, code: string, message: string, field: string | null = null) =>
  Response.json({ error: { code, message, field } } satisfies ErrorBody, { status, headers: HEADERS });

const createCaller = createCallerFactory(appRouter);

/** Answers one upload request for the workspace `tenant` (the session cookie's token signs it in). */
export async function handleImportUpload(request: Request, tenant: string, session: { token: string } | null, meta: RequestMeta, afterResponse: AfterResponse) {
  if (!session) return refuse(401, "UNAUTHORIZED", "Please sign in.");
  if (request.method !== "POST") return refuse(405, "METHOD_NOT_SUPPORTED", "Upload the file with POST.");
  const declared = Number(request.headers.get("content-length"));
  if (!declared) return refuse(411, "LENGTH_REQUIRED", "Send the upload with its Content-Length.");
  if (declared > MAX_REQUEST_BYTES) {
    return refuse(413, "PAYLOAD_TOO_LARGE", `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB, the most one import takes: split it.`, "file");
  }
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    return refuse(415, "UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data.", "file");
  }
  const form = await request.formData().catch(() => null);
  const file = form?.get("file");
  if (!form || !(file instanceof File)) return refuse(400, "BAD_REQUEST", "Choose a file to upload.", "file");
  const keyFile = form.get("keyFile");
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  try {
    const answer: UploadAnswer = await createCaller({ session, meta, afterResponse }).imports.upload({
      tenant,
      fileName: file.name || "upload",
      bytes: new Uint8Array(await file.arrayBuffer()),
      password: text("password"),
      keyFile: keyFile instanceof File && keyFile.size > 0 ? new Uint8Array(await keyFile.arrayBuffer()) : undefined,
      innerFileName: text("innerFileName"),
    });
    return Response.json(answer, { headers: HEADERS });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return refuse(getHTTPStatusCodeFromError(error), error.code, ...messageOf(error));
  }
}

/** What the client may read of a refusal: the field at fault and why (the same words the tRPC error formatter uses). */
function messageOf(error: TRPCError): [string, string | null] {
  const cause = error.cause;
  if (cause instanceof ZodError) return [cause.issues[0]?.message ?? "The input is invalid.", cause.issues[0]?.path.join(".") || null];
  if (cause instanceof AppError) return [cause.message, cause.field ?? null];
  if (error.code === "INTERNAL_SERVER_ERROR") return ["Something went wrong on our side. Please try again.", null];
  return [error.message, null];
}
