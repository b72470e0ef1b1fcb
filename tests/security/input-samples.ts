import { z } from "zod";
import type { IdKind } from "../support/populate";

/*
 * Sample inputs for the cross-tenant test, derived from each procedure's zod input (through its JSON Schema), so a
 * new field or procedure is covered without anyone remembering to. Every id in an input — top level, nested,
 * inside arrays and in every branch of a union — is an "id slot"; each slot gets its own case: the smallest valid
 * input that reaches it, with every other id filled by the caller's own real rows.
 */

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Path = (string | number)[];

/** An id to fill in later (its kind follows from where it sits); `prefix` is text the input wants before it. */
class IdRef {
  constructor(readonly prefix: string) {}
}

/** A valid input with one id slot marked (its path); the other ids are IdRefs filled by `fillSample`. */
export type SampleCase = { template: unknown; slot: Path };

/** Strings that carry an id after a fixed prefix (e.g. the reveal field "custom:<field id>"). */
const PREFIXED_ID = /^\^([a-z]*:)\[0-9a-f-\]\{36\}\$$/;

function idPrefix(node: JsonSchema): string | null {
  if (node.type !== "string") return null;
  if (node.format === "uuid") return "";
  return node.pattern?.match(PREFIXED_ID)?.[1] ?? null;
}

/** The branches of a union, without the null of a nullable. */
function options(node: JsonSchema): JsonSchema[] {
  return ((node.anyOf ?? node.oneOf ?? []) as JsonSchema[]).filter((option) => option.type !== "null");
}

/** The smallest valid value: required properties only, the first branch of a union, the fewest array items. */
function base(node: JsonSchema): unknown {
  const prefix = idPrefix(node);
  if (prefix !== null) return new IdRef(prefix);
  if (node.const !== undefined) return node.const;
  if (node.enum) return node.enum[0];
  const branches = options(node);
  if (branches.length > 0) return base(branches[0]!);
  switch (node.type) {
    case "object": {
      const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries((node.required ?? []).map((name) => [name, base(properties[name]!)]));
    }
    case "array":
      return (node.minItems ?? 0) > 0 ? [base(node.items as JsonSchema)] : [];
    case "string":
      if (node.format === "email") return "someone@example.test";
      if (node.format === "date-time") return new Date().toISOString();
      return "Sample text".padEnd(node.minLength ?? 0, "x").slice(0, node.maxLength ?? 100);
    case "integer":
    case "number":
      return Math.min(
        node.minimum ?? (typeof node.exclusiveMinimum === "number" ? node.exclusiveMinimum + 1 : 1),
        node.maximum ?? Number.MAX_SAFE_INTEGER,
      );
    case "boolean":
      return false;
    default:
      // Unrepresentable in JSON Schema (a date); the inputs that have one default it.
      return undefined;
  }
}

/** One case per id slot under `node`: the value that reaches it, and the slot's path below `node`. */
function slots(node: JsonSchema): { value: unknown; path: Path }[] {
  if (idPrefix(node) !== null) return [{ value: base(node), path: [] }];
  const branches = options(node);
  if (branches.length > 0) return branches.flatMap((branch) => slots(branch));
  if (node.type === "object") {
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const around = base(node) as Record<string, unknown>;
    return Object.entries(properties).flatMap(([name, property]) =>
      slots(property).map((inner) => ({ value: { ...around, [name]: inner.value }, path: [name, ...inner.path] })),
    );
  }
  if (node.type === "array") {
    return slots(node.items as JsonSchema).map((inner) => ({ value: [inner.value], path: [0, ...inner.path] }));
  }
  return [];
}

/** Deep-merges plain objects (arrays and everything else: `over` wins). */
function merge(under: unknown, over: unknown): unknown {
  const plain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof IdRef);
  if (!plain(under) || !plain(over)) return over === undefined ? under : over;
  const merged: Record<string, unknown> = { ...under };
  for (const [name, value] of Object.entries(over)) merged[name] = merge(under[name], value);
  return merged;
}

/**
 * Inputs no schema can tell us how to make valid (a refinement, a connector that needs a host) or meaningful
 * (an edit must change something); merged into every case of the procedure. A procedure whose sample fails its
 * own validation makes the test fail, naming the issue: add what it needs here.
 */
/** A directory on a documentation address (TEST-NET-1): saving works, testing is refused by the network guard. */
const directorySample = {
  url: "ldaps://192.0.2.10",
  startTls: false,
  bindDn: "cn=search,dc=example,dc=test",
  bindPassword: "sample-bind-password",
  baseDn: "dc=example,dc=test",
  userFilter: "(objectClass=inetOrgPerson)",
  disabledFilter: "(pwdAccountLockedTime=*)",
  emailAttribute: "mail",
  nameAttribute: "cn",
  groupFilter: "",
  groupMemberAttribute: "member",
  caCertificate: "",
  defaultRole: "readonly",
  syncIntervalMinutes: 60,
};

const OVERRIDES: Record<string, Record<string, unknown>> = {
  "credentials.update": { changes: { name: "Renamed" } },
  "rotation.setTarget": { connector: "manual" },
  "groups.importMembers": { csv: "email\nnobody@example.test" },
  "notifications.createRule": { notifyOwner: true },
  "notifications.updateRule": { notifyOwner: true },
  "webhooks.create": { url: "https://hooks.example.com/sample" },
  "webhooks.update": { url: "https://hooks.example.com/sample" },
  // The populated upload is a Bitwarden CSV: read as such, the file is analysed up to the customers it is filed under.
  "imports.dryRun": { options: { format: "bitwarden-csv" } },
  "imports.start": { options: { format: "bitwarden-csv" } },
  "directory.update": directorySample,
  "directory.testConnection": directorySample,
  "sso.update": { issuer: "https://login.example.test", allowedDomains: ["example.test"], roleClaim: "groups", clientSecret: "sample-client-secret" },
};

/** Every id slot of a procedure's input (the tenant slug excluded: the tenant test covers it). */
export function sampleCases(path: string, inputs: z.ZodType[]): SampleCase[] {
  const schemas = inputs.map((input) => z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema);
  // The inputs of a procedure (the tenant's, then its own) have disjoint properties.
  const bases = schemas.map((schema) => base(schema));
  return schemas.flatMap((schema, i) =>
    slots(schema).map(({ value, path: slot }) => ({
      template: merge(Object.assign({}, ...bases.filter((_, j) => j !== i), value), OVERRIDES[path]),
      slot,
    })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Which kind of row an id field names. An id field missing here fails the test: a new one must be added, so it
// gets another tenant's real row behind it.

type KindRule = IdKind | ((parent: Record<string, unknown>) => IdKind | undefined);

const FIELD_KINDS: Record<string, KindRule> = {
  customerId: "customer",
  customerIds: "customer",
  credentialGroupIds: "credentialGroup",
  contactId: "contact",
  deviceId: "device",
  credentialId: "credential",
  credentialIds: "credential",
  privilegedCredentialId: "credential",
  // Criteria belong to a dynamic group only: without one, an edit of them stops before it looks at them.
  credentialGroupId: (parent) => ("criteria" in parent ? "dynamicCredentialGroup" : "credentialGroup"),
  groupId: "userGroup",
  groupIds: "userGroup",
  userGroupId: "userGroup",
  membershipId: "membership",
  ownerMembershipId: "membership",
  memberUserIds: "user",
  breakGlassUserIds: "user",
  actorUserId: "user",
  invitationId: "invitation",
  policyId: "policy",
  ruleId: "notificationRule",
  runId: "rotationRun",
  tokenId: "enrollmentToken",
  shareId: "share",
  requestId: "accessRequest",
  sessionId: "session",
  passkeyId: "passkey",
  importId: "import",
  webhookId: "webhook",
  deliveryId: "webhookDelivery",
  // "custom:<id>": a custom field of a password.
  field: "customField",
  "customFields.id": "customField",
  // Where a password is filed: { type: "customer" | "contact" | "device", id }.
  "target.id": (parent) => (["customer", "contact", "device"] as unknown[]).includes(parent.type) ? (parent.type as IdKind) : undefined,
};

/** Fields whose kind depends on the router: `credentials.*` name their password `id`; `access.*` work on approval. */
const ROUTER_FIELD_KINDS: Record<string, Record<string, IdKind>> = {
  credentials: { id: "credential" },
  access: { credentialId: "controlledCredential" },
  apiKeys: { id: "apiKey" },
};

function kindOf(procedure: string, path: Path, parent: Record<string, unknown>): IdKind {
  const names = path.filter((p): p is string => typeof p === "string");
  const key = names.at(-1) ?? "";
  const qualified = names.length > 1 ? FIELD_KINDS[names.slice(-2).join(".")] : undefined;
  const rule = qualified ?? ROUTER_FIELD_KINDS[procedure.split(".")[0]!]?.[key] ?? FIELD_KINDS[key];
  const kind = typeof rule === "function" ? rule(parent) : rule;
  if (!kind) throw new Error(`${procedure}: no row kind for the id field "${path.join(".")}"; add it to FIELD_KINDS in tests/security/input-samples.ts`);
  return kind;
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((p, i) => p === b[i]);

/**
 * The case with every id filled: `slotId(kind)` at the slot, the caller's own row of the right kind everywhere else,
 * so the call gets as far as it can before it meets the slot.
 */
export function fillSample(procedure: string, sample: SampleCase, ownIds: Record<IdKind, string>, slotId: (kind: IdKind) => string) {
  const fill = (value: unknown, path: Path, parent: Record<string, unknown>): unknown => {
    if (value instanceof IdRef) {
      const kind = kindOf(procedure, path, parent);
      return value.prefix + (samePath(path, sample.slot) ? slotId(kind) : ownIds[kind]);
    }
    if (Array.isArray(value)) return value.map((item, i) => fill(item, [...path, i], parent));
    if (typeof value === "object" && value !== null) {
      const object = value as Record<string, unknown>;
      return Object.fromEntries(Object.entries(object).map(([name, inner]) => [name, fill(inner, [...path, name], object)]));
    }
    return value;
  };
  return fill(sample.template, [], {}) as Record<string, unknown>;
}
