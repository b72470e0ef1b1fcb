import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { APP_ROLE, withTenant } from "@/db/client";
import { contacts, customers } from "@/db/schema";
import { bareTenant, ownerDb } from "../support/db";

describe("withTenant", () => {
  it("sees only the current tenant's rows", async () => {
    const [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    await withTenant(a.id, (tx) => tx.insert(customers).values({ tenantId: a.id, name: "Acme" }));
    expect(await withTenant(a.id, (tx) => tx.select().from(customers))).toHaveLength(1);
    expect(await withTenant(b.id, (tx) => tx.select().from(customers))).toHaveLength(0);
  });
});

describe("row-level security underneath", () => {
  it("is enabled and FORCEd on every table with a tenant_id, each with a policy", async () => {
    const db = await ownerDb();
    const result = (await db.execute(sql`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from information_schema.columns col
                    where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id')
    `)) as unknown as { rows?: TableRls[] } & TableRls[];
    const tables = result.rows ?? result;
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["customers", "memberships", "audit_events", "tenant_keys"]));
    for (const t of tables) {
      expect({ table: t.table, enabled: t.enabled, forced: t.forced }).toEqual({ table: t.table, enabled: true, forced: true });
      expect(t.policies, `${t.table} policies`).toBeGreaterThan(0);
    }
  });

  it("is applied to an application role that cannot bypass it", async () => {
    const db = await ownerDb();
    const result = (await db.execute(
      sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${APP_ROLE}`,
    )) as unknown as { rows?: RoleFlags[] } & RoleFlags[];
    expect((result.rows ?? result)[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const who = await withTenant((await bareTenant()).id, (tx) => tx.execute(sql`select current_user as u`));
    expect(((who as unknown as { rows?: { u: string }[] }).rows ?? (who as unknown as { u: string }[]))[0]!.u).toBe(APP_ROLE);
  });

  it("refuses a row written for another tenant, even by a buggy service", async () => {
    const [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    await expect(
      withTenant(a.id, (tx) => tx.insert(customers).values({ tenantId: b.id, name: "Smuggled" })),
    ).rejects.toThrow();
    expect(await withTenant(b.id, (tx) => tx.select().from(customers))).toHaveLength(0);
  });

  it("lets no row point into another tenant (composite foreign keys)", async () => {
    const [a, b] = await Promise.all([bareTenant(), bareTenant()]);
    const [customerB] = await withTenant(b.id, (tx) => tx.insert(customers).values({ tenantId: b.id, name: "B Co" }).returning());
    await expect(
      withTenant(a.id, (tx) => tx.insert(contacts).values({ tenantId: a.id, customerId: customerB!.id, name: "Eve" })),
    ).rejects.toThrow();
    // Even the owner role, which RLS does not stop here, cannot create the cross-tenant reference.
    const db = await ownerDb();
    await expect(db.insert(contacts).values({ tenantId: a.id, customerId: customerB!.id, name: "Eve" })).rejects.toThrow();
  });
});

type TableRls = { table: string; enabled: boolean; forced: boolean; policies: number };
type RoleFlags = { rolsuper: boolean; rolbypassrls: boolean };
