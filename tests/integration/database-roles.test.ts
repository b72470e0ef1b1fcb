import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, prepareDatabase, type Handle } from "@/db/client";
import { ALLOW_PRIVILEGED_ROLE, assertSafeDatabaseRole } from "@/db/role-guard";
import { testDatabaseUrl } from "../support/database-target";
import { databaseRefusal } from "../support/db";

// Logins and databases are the server's, not one database's: only a real PostgreSQL has them.
describe.runIf(testDatabaseUrl())("the database role the app serves as (PostgreSQL only)", () => {
  const suffix = randomBytes(4).toString("hex");
  const names = { database: `vl_roles_${suffix}`, login: `vl_web_${suffix}`, bypass: `vl_bypass_${suffix}` };
  const serverUrl = new URL(testDatabaseUrl() ?? "postgres://localhost/x");
  const urlFor = (user: string) => {
    const url = new URL(serverUrl);
    url.username = user;
    url.pathname = `/${names.database}`;
    return url.toString();
  };
  const ownerUrl = urlFor(serverUrl.username);
  let admin: ReturnType<typeof postgres>;
  const opened: Handle[] = [];
  const open = async (url: string) => {
    const handle = await openDatabase(url);
    opened.push(handle);
    return handle;
  };

  beforeAll(async () => {
    admin = postgres(serverUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${names.database}`);
    await admin.unsafe(`create role ${names.login} login`);
    await admin.unsafe(`create role ${names.bypass} login bypassrls`);
  });

  afterAll(async () => {
    for (const handle of opened) await handle.close();
    await admin.unsafe(`drop database if exists ${names.database} with (force)`);
    await admin.unsafe(`drop role if exists ${names.login}`);
    await admin.unsafe(`drop role if exists ${names.bypass}`);
    await admin.end();
  });

  it("migrates as the owner from DATABASE_MIGRATION_URL and serves as a plain login, which cannot touch the audit trail", async () => {
    const app = await open(urlFor(names.login));
    await prepareDatabase(app, ownerUrl);
    await expect(assertSafeDatabaseRole(app.db, {})).resolves.toBeUndefined();

    // What the app does in every transaction works for the login…
    const count = await app.db.transaction(async (tx) => {
      await tx.execute(sql.raw("set local role vaultline_app"));
      return tx.execute(sql`select count(*) from audit_events`);
    });
    expect(count).toBeDefined();
    // …and undoing the role switch gains nothing: the login itself may not rewrite history or lift RLS.
    for (const statement of ["update audit_events set action = 'x'", "delete from audit_seals", "alter table audit_events no force row level security"]) {
      expect(await databaseRefusal(app.db.transaction(async (tx) => {
        await tx.execute(sql.raw("reset role"));
        await tx.execute(sql.raw(statement));
      }))).toMatch(/permission denied|must be owner/);
    }
  });

  it("refuses a superuser or a BYPASSRLS login, naming the reason and the way out, unless explicitly allowed", async () => {
    const owner = await open(ownerUrl);
    const refusal = await databaseRefusal(assertSafeDatabaseRole(owner.db, {}));
    expect(refusal).toContain(`as "${serverUrl.username}", and it is a superuser`);
    expect(refusal).toContain("DATABASE_MIGRATION_URL");
    expect(refusal).toContain(`${ALLOW_PRIVILEGED_ROLE}=1`);
    await expect(assertSafeDatabaseRole(owner.db, { [ALLOW_PRIVILEGED_ROLE]: "1" })).resolves.toBeUndefined();

    const bypass = await open(urlFor(names.bypass));
    expect(await databaseRefusal(assertSafeDatabaseRole(bypass.db, {}))).toContain(`as "${names.bypass}", and it has BYPASSRLS`);
  });
});
