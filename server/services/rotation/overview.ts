import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { credentials } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { MemberScope } from "@/server/scope";
import { requireCredentialAction } from "../sharing/permissions";
import { listRotationRuns } from "./runs";
import { getRotationSchedule } from "./schedules";
import { getRotationTarget } from "./targets";

/** What the credential page shows about rotation: target, schedule, login status and the latest runs; NOT_FOUND unless the member sees the credential. */
export async function rotationOverview(scope: MemberScope, credentialId: string) {
  const { db: tx, tenantId } = scope;
  const [credential] = await tx
    .select({
      customerId: credentials.customerId,
      loginStatus: credentials.loginStatus,
      loginCheckedAt: credentials.loginCheckedAt,
      loginError: credentials.loginError,
    })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.id, credentialId), isNull(credentials.deletedAt)));
  if (!credential) throw notFound("Password");
  // Restricted technicians see rotation only for the passwords shared with them.
  await requireCredentialAction(scope, credentialId, "see");
  const [target, schedule, customerSchedule, runs] = await Promise.all([
    getRotationTarget(scope, credentialId),
    getRotationSchedule(scope, { credentialId }),
    getRotationSchedule(scope, { customerId: credential.customerId }),
    listRotationRuns(scope, { credentialId, limit: 5 }),
  ]);
  return { ...credential, target, schedule, customerSchedule, runs: runs.items, active: runs.items.some((r) => r.status === "queued" || r.status === "running") };
}
