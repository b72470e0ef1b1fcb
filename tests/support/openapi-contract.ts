import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/server/api/rest/openapi";

/*
 * Validates real REST answers against the OpenAPI document the API serves: the schema of that path, method, status
 * and content type, with the document's components, by a JSON Schema 2020-12 validator (what OpenAPI 3.1 uses).
 */

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

const document = openApiDocument() as unknown as { paths: Record<string, Record<string, Operation>>; components: object };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Every documented operation, as "METHOD /path". */
export const documentedOperations = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));

/**
 * The problems of `body` against the documented answer (empty when it conforms); an undocumented status or content
 * type is a problem too.
 */
export function contractProblems(method: string, path: string, status: number, contentType: string | null, body: unknown): string[] {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${path} is not documented`];
  const response = operation.responses[String(status)];
  if (!response) return [`${method} ${path} answered ${status}, which is not documented`];
  if (!response.content) return body === null ? [] : [`${method} ${path} ${status} is documented without a body`];
  const type = (contentType ?? "").split(";")[0]!.trim();
  const media = response.content[type];
  if (!media) return [`${method} ${path} ${status} answered ${type}, documented: ${Object.keys(response.content).join(", ")}`];
  const key = `${method} ${path} ${status} ${type}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...media.schema, components: document.components });
    compiled.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || "/"} ${e.message}`);
}
