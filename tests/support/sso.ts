import { eq } from "drizzle-orm";
import { withUser } from "@/db/client";
import { memberships } from "@/db/schema";
import { SsoError } from "@/server/services/sso/sso-error";

/** The code of the SsoError an SSO step refused with (any other outcome fails the test). */
export async function ssoErrorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SsoError)) throw new Error(`expected an SsoError, got ${String(error)}`);
  return error.code;
}

/** The tenant of a freshly signed-up owner's one workspace. */
export const ownerTenantId = (ownerId: string) =>
  withUser(ownerId, async (tx) => {
    const [row] = await tx.select({ tenantId: memberships.tenantId }).from(memberships).where(eq(memberships.userId, ownerId));
    return row!.tenantId;
  });
