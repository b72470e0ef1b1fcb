import type { Metadata } from "next";
import { ApiReference, type OpenApiDocument } from "@/components/api-keys/api-reference";
import { openApiDocument } from "@/server/api/rest/openapi";

export const metadata: Metadata = { title: "API reference" };

/** The REST API's reference, rendered from the OpenAPI document it serves. */
export default function ApiReferencePage() {
  return <ApiReference document={openApiDocument() as unknown as OpenApiDocument} />;
}
