import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { agents, credentials, devices, rotationTargets } from "@/db/schema";
import { catalogEntry, connectorKinds, dialledByServer, type ConnectorKind } from "@/lib/connector-catalog";
import { zTargetHost } from "@/lib/target-host";
import { targetHostRefusal } from "@/server/connectors/network-guard";
import { refusalMessage, refusalOf } from "@/lib/permissions";
import { badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { getTenantSettings } from "../tenants/workspaces";
import { effectivePermission, requireCredentialAction } from "../sharing/permissions";

export const rotationTargetInput = z
  .object({
    credentialId: z.uuid({ error: "Password id must be a UUID." }),
    connector: z.enum(connectorKinds, { error: `Connector must be one of ${connectorKinds.join(", ")}.` }),
    host: zTargetHost.default(""),
    port: z
      .number({ error: "Port must be a number." })
      .int("Port must be a whole number.")
      .min(1, "Port must be between 1 and 65535.")
      .max(65535, "Port must be between 1 and 65535.")
      .nullable()
      .default(null),
    options: z.record(z.string(), z.unknown()).default({}),
    privilegedCredentialId: z.uuid({ error: "Privileged login must be a password id." }).nullable().default(null),
    healthCheck: z.boolean({ error: "Health check must be on or off." }).default(true),
  })
  .superRefine((input, ctx) => {
    if (dialledByServer(input.connector) && input.host === "") {
      ctx.addIssue({ code: "custom", path: ["host"], message: "Host is required for this connector." });
    }
  });

export type RotationTargetInput = z.input<typeof rotationTargetInput>;

/** Validates the connector's own options with the schema the form was rendered from; messages name the option. */
function parseOptions(connector: ConnectorKind, options: Record<string, unknown>): Record<string, unknown> {
  const parsed = catalogEntry(connector).optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(`options.${issue.path.join(".")}`, issue.message);
  }
  return parsed.data;
}

/** The agent connector changes a local account of the device the password is attached to, through its agent. */
async function assertOnAgentDevice(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ kind: devices.kind, agentId: agents.id })
    .from(credentials)
    .leftJoin(devices, and(eq(devices.tenantId, credentials.tenantId), eq(devices.id, credentials.deviceId)))
    .leftJoin(agents, and(eq(agents.tenantId, credentials.tenantId), eq(agents.deviceId, credentials.deviceId), isNull(agents.revokedAt)))
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credentialId)));
  if (row?.kind !== "agent") throw badInput("connector", "The agent connector is for passwords on an agent device (a local account of that machine).");
  if (!row.agentId) throw badInput("connector", "This device has no enrolled agent: enroll one first.");
}

async function liveCredentialExists(scope: TenantScope, id: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, id), isNull(credentials.deletedAt)));
  return Boolean(row);
}

/**
 * Throws unless the member may set up the rotation of this (live) credential: NOT_FOUND for an unknown or hidden
 * one, FORBIDDEN otherwise when the rule table's configureRotation refuses it (full access; on a password that
 * needs approval, an owner or admin during their checkout).
 */
export async function requireRotationSetUp(scope: MemberScope, credentialId: string) {
  if (!(await liveCredentialExists(scope, credentialId))) throw notFound("Password");
  await requireCredentialAction(scope, credentialId, "configureRotation");
}

/**
 * The privileged login's secret is used to log into the target the member names (the rule table's
 * useAsPrivilegedLogin). Refused at its field; one they cannot see is refused like one that does not exist.
 */
async function assertUsablePrivilegedLogin(scope: MemberScope, credentialId: string) {
  const { member } = scope;
  const permission = (await liveCredentialExists(scope, credentialId)) ? await effectivePermission(scope, member, credentialId) : null;
  const refusal = permission ? refusalOf(member, permission, "useAsPrivilegedLogin") : "hidden";
  if (!refusal) return;
  if (refusal === "hidden") throw badInput("privilegedCredentialId", "That privileged login does not exist in this workspace.");
  const why = refusal === "level" ? "you need view access to it" : refusal === "checkout" ? "it needs approval: check it out first" : null;
  throw badInput(
    "privilegedCredentialId",
    why ? `You cannot use that password as the privileged login: ${why}.` : refusalMessage("useAsPrivilegedLogin", refusal, permission!.level),
  );
}

/**
 * Sets (or replaces) how a credential's password is rotated: connector, target and privileged login. Needs full
 * access on the credential, and view on the privileged login. The host is stored in canonical form, and refused at
 * its field when the outbound check (network-guard.ts) would refuse to dial it.
 */
export async function setRotationTarget(scope: MemberScope, raw: RotationTargetInput) {
  const { db: tx, tenantId } = scope;
  const input = rotationTargetInput.parse(raw);
  await requireRotationSetUp(scope, input.credentialId);
  if (input.connector === "agent") await assertOnAgentDevice(scope, input.credentialId);
  if (input.privilegedCredentialId) {
    if (input.privilegedCredentialId === input.credentialId) {
      throw badInput("privilegedCredentialId", "The privileged login must be another password (leave it empty to let the account change its own).");
    }
    await assertUsablePrivilegedLogin(scope, input.privilegedCredentialId);
  }
  const dialled = dialledByServer(input.connector);
  const options = parseOptions(input.connector, input.options);
  if (dialled) {
    // Judged now with the tenant's current setting, so a forbidden target is refused at its field; every dial
    // judges it again (the setting and DNS may change).
    const refusal = await targetHostRefusal(input.host, (await getTenantSettings(scope)).allowPrivateTargets);
    if (refusal) throw badInput("host", refusal);
  }
  const values = {
    connector: input.connector,
    host: input.connector === "agent" ? "" : input.host,
    port: dialled ? (input.port ?? catalogEntry(input.connector).defaultPort) : null,
    options,
    privilegedCredentialId: input.connector === "agent" ? null : input.privilegedCredentialId,
    healthCheck: dialled && input.healthCheck,
  };
  await tx
    .insert(rotationTargets)
    .values({ tenantId, credentialId: input.credentialId, ...values })
    .onConflictDoUpdate({ target: [rotationTargets.tenantId, rotationTargets.credentialId], set: values });
  await audit(scope, {
    action: "credential.rotation_target_set",
    target: { type: "credential", id: input.credentialId },
    details: { connector: values.connector, host: values.host, port: values.port, privileged: Boolean(values.privilegedCredentialId) },
  });
  return getRotationTarget(scope, input.credentialId);
}

/** Stops rotating a credential (its stored password stays); needs full access on it. */
export async function removeRotationTarget(scope: MemberScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  await requireRotationSetUp(scope, credentialId);
  const removed = await tx
    .delete(rotationTargets)
    .where(and(eq(rotationTargets.tenantId, tenantId), eq(rotationTargets.credentialId, credentialId)))
    .returning({ id: rotationTargets.id });
  if (removed.length === 0) throw notFound("Rotation target");
  await audit(scope, {
    action: "credential.rotation_target_removed",
    target: { type: "credential", id: credentialId },
  });
}

/** The credential's rotation target (no secrets), or null. */
export async function getRotationTarget(scope: TenantScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({
      connector: rotationTargets.connector,
      host: rotationTargets.host,
      port: rotationTargets.port,
      options: rotationTargets.options,
      privilegedCredentialId: rotationTargets.privilegedCredentialId,
      privilegedName: credentials.name,
      healthCheck: rotationTargets.healthCheck,
    })
    .from(rotationTargets)
    .leftJoin(
      credentials,
      and(eq(credentials.tenantId, rotationTargets.tenantId), eq(credentials.id, rotationTargets.privilegedCredentialId)),
    )
    .where(and(eq(rotationTargets.tenantId, tenantId), eq(rotationTargets.credentialId, credentialId)));
  return row ?? null;
}

/** The key runs on one target share, so at most one change happens on a target at a time. */
export function targetKey(tenantId: string, target: { connector: ConnectorKind; host: string; port: number | null }, credentialId: string) {
  return !dialledByServer(target.connector) ? `${tenantId}:${target.connector}:${credentialId}` : `${tenantId}:${target.connector}://${target.host}:${target.port}`;
}
