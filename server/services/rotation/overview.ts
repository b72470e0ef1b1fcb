import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { credentials } from "@/db/schema";
import { notFound } from "@/server/errors";
import { listRotationRuns } from "./runs";
import { getRotationSchedule } from "./schedules";
import { getRotationTarget } from "./targets";

/** What the credential page shows about rotation: target, schedule, login status and the latest runs. */
export async function rotationOverview(tx: Tx, tenantId: string, credentialId: string) {
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
  const [target, schedule, customerSchedule, runs] = await Promise.all([
    getRotationTarget(tx, tenantId, credentialId),
    getRotationSchedule(tx, tenantId, { credentialId }),
    getRotationSchedule(tx, tenantId, { customerId: credential.customerId }),
    listRotationRuns(tx, tenantId, { credentialId, limit: 5 }),
  ]);
  return { ...credential, target, schedule, customerSchedule, runs: runs.items, active: runs.items.some((r) => r.status === "queued" || r.status === "running") };
}
