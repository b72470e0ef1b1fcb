import { PageHeader } from "@/components/ui/page-header";

/** The parts of an OpenAPI 3.1 document this page reads. */
type Schema = { type?: string | string[]; $ref?: string; description?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; anyOf?: Schema[]; format?: string };
type Parameter = { in: string; name: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

/** A schema in one line: a named component, a type, an enum, a list, or a union. */
function typeOf(schema: Schema | undefined): string {
  if (!schema) return "";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" | ");
  if (schema.type === "array") return `${typeOf(schema.items)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

function Fields({ schema }: { schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <code className="font-mono text-sm">{typeOf(schema)}</code>;
  return (
    <ul className="space-y-1 text-sm">
      {properties.map(([name, field]) => (
        <li key={name}>
          <code className="font-mono font-medium">{name}</code>
          {schema.required?.includes(name) ? null : <span className="text-slate-500">?</span>} <code className="font-mono text-slate-700">{typeOf(field)}</code>
          {field.description ? <span className="text-slate-600"> — {field.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The REST API's reference, read from the OpenAPI document the API serves (/api/v1/openapi.json): each operation with
 * its parameters, body and answers, then the schemas. Rendered on the server, no script and nothing from a CDN.
 */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
  return (
    <>
      <PageHeader
        title={document.info.title}
        description={
          <>
            {document.info.description} Version {document.info.version}; base URL <code className="font-mono">/api/v1</code>; the machine-readable document is at{" "}
            <a className="underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      <div className="space-y-6">
        {operations.map(({ path, method, op }) => (
          <section key={`${method} ${path}`} aria-labelledby={`op-${method}-${path}`} className="rounded-lg border border-slate-200 p-4">
            <h2 id={`op-${method}-${path}`} className="font-mono text-base font-semibold break-all">
              <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-sm uppercase">{method}</span>
              {path}
            </h2>
            <p className="mt-1 text-sm text-slate-800">{op.summary}</p>
            {op.description ? <p className="text-sm text-slate-600">{op.description}</p> : null}
            {op.parameters?.length ? (
              <>
                <h3 className="mt-3 text-sm font-semibold">Parameters</h3>
                <ul className="space-y-1 text-sm">
                  {op.parameters.map((p) => (
                    <li key={`${p.in}-${p.name}`}>
                      <code className="font-mono font-medium">{p.name}</code> <span className="text-slate-500">({p.in}{p.required ? ", required" : ""})</span>{" "}
                      <code className="font-mono text-slate-700">{typeOf(p.schema)}</code>
                      {p.description ? <span className="text-slate-600"> — {p.description}</span> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {op.requestBody ? (
              <>
                <h3 className="mt-3 text-sm font-semibold">Body (JSON)</h3>
                <Fields schema={Object.values(op.requestBody.content)[0]!.schema} />
              </>
            ) : null}
            <h3 className="mt-3 text-sm font-semibold">Answers</h3>
            <ul className="space-y-1 text-sm">
              {Object.entries(op.responses).map(([status, r]) => (
                <li key={status}>
                  <code className="font-mono font-medium">{status}</code> {r.description}
                  {r.content ? <code className="ml-1 font-mono text-slate-700">{typeOf(Object.values(r.content)[0]!.schema)}</code> : null}
                </li>
              ))}
            </ul>
          </section>
        ))}
        <section aria-labelledby="schemas" className="rounded-lg border border-slate-200 p-4">
          <h2 id="schemas" className="text-base font-semibold">
            Schemas
          </h2>
          {Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => (
            <div key={name} className="mt-3">
              <h3 className="font-mono text-sm font-semibold">{name}</h3>
              {schema.description ? <p className="text-sm text-slate-600">{schema.description}</p> : null}
              <Fields schema={schema} />
            </div>
          ))}
        </section>
      </div>
    </>
  );
}
