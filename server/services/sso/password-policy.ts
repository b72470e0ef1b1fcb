import "server-only";
import { sql } from "drizzle-orm";
import { resultRows, type Tx } from "@/db/client";

/**
 * Whether a workspace that requires SSO refuses this user's password: they are an active member there and not one
 * of its break-glass owners with two-factor on. Asked across tenants, before any is chosen, through the database's
 * SECURITY DEFINER function (a yes or no only).
 */
export async function ssoRefusesPassword(tx: Tx, userId: string): Promise<boolean> {
  const rows = await tx.execute(sql`select vaultline_sso_refuses_password(${userId}::uuid) as refused`);
  return resultRows<{ refused: boolean }>(rows)[0]?.refused === true;
}
