/**
 * What the HTTP benchmarks do in their own process, on the server's database with the server's master key (see
 * pointProcessAtAppDatabase): seeding a tenant in bulk, counting the SQL statements of a request, and logging the
 * plan of each (EXPLAIN ANALYZE, BUFFERS). Import it only once that environment is set.
 */
import { randomUUID } from "node:crypto";
import net from "node:net";
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { database, observeQueries, resultRows, withTenant } from "../db/client";
import { withTenantScope } from "../server/scope";
import { credentials, credentialVersions, customers, tenants, users } from "../db/schema";
import { insertJsonRows } from "../db/insert-select";
import { tenantSealer } from "../server/crypto";
import { passwordRef } from "../server/services/vault/credential-seals";

/** Passwords inserted per transaction while seeding. */
const SEED_BATCH = 5000;
import { callerForSession } from "./workspace.mjs";

/** What seeded names are made of, so that searches for a part of a word, a tag or a customer find some rows. */
export const VOCABULARY = {
  companies: ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Wingtip", "Proseware", "Lucerne", "Woodgrove", "Alpine", "Coho", "Humongous", "Trey", "Margie", "Graphic", "Blue Yonder", "Wide World", "Fourth", "City Power"],
  trades: ["Dental", "Legal", "Logistics", "Clinic", "Bakery", "Motors", "Architects", "Accounting", "School", "Hotel"],
  services: ["Firewall", "Office 365", "Router", "Database", "Domain controller", "Wi-Fi", "Switch", "NAS", "Email", "ERP", "CRM", "VPN gateway", "Hypervisor", "Printer", "Backup server", "Cloud console"],
  roles: ["admin", "service account", "break-glass", "read-only", "API"],
  users: ["admin", "svc", "backup", "it", "j.smith", "m.jones", "operator", "root", "helpdesk", "scanner"],
  tags: ["finance", "hr", "production", "staging", "legacy", "critical", "shared", "onboarding", "quarterly", "tier1", "tier2", "offsite"],
};

/**
 * A tenant grown in bulk: customers, then passwords spread over them in turn. Rows are inserted 1,000 at a time (the
 * create service's per-row audit events are not what is measured), but each password is sealed by the app's own
 * crypto, bound to its version as createCredential seals it, with its version-1 history row.
 */
export class TenantSeeder {
  readonly customers: { id: string; name: string }[] = [];
  readonly passwordIds: string[] = [];
  /** A few passwords with their plaintext, to check that a reveal answers the right value. */
  readonly samples = new Map<string, string>();

  private constructor(
    readonly tenantId: string,
    readonly userId: string,
  ) {}

  static async forWorkspace(slug: string, email: string): Promise<TenantSeeder> {
    const { db } = await database();
    const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (!tenant || !user) throw new Error(`workspace ${slug} or account ${email} not found`);
    return new TenantSeeder(tenant.id, user.id);
  }

  async addCustomers(count: number): Promise<void> {
    const { companies, trades } = VOCABULARY;
    for (let start = this.customers.length, end = start + count; start < end; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, end - start) }, (_, k) => {
        const i = start + k;
        return { tenantId: this.tenantId, name: `${companies[i % companies.length]} ${trades[Math.floor(i / companies.length) % trades.length]} ${String(i).padStart(4, "0")}` };
      });
      const rows = await withTenant(this.tenantId, (tx) => tx.insert(customers).values(batch).returning({ id: customers.id, name: customers.name }));
      this.customers.push(...rows);
    }
  }

  /** Adds passwords until the tenant has `total`, printing progress for large batches. */
  async growPasswordsTo(total: number): Promise<void> {
    const { services, roles, users: names, tags } = VOCABULARY;
    const started = performance.now();
    while (this.passwordIds.length < total) {
      const from = this.passwordIds.length;
      const to = Math.min(from + SEED_BATCH, total);
      await withTenantScope(this.tenantId, { userId: null, label: "bench seed" }, async (scope) => {
        const tx = scope.db;
        const rows: (typeof credentials.$inferInsert)[] = [];
        const versions: (typeof credentialVersions.$inferInsert)[] = [];
        // The tenant's key is read once a batch; each password is still sealed to its own row and version.
        const seal = await tenantSealer(tx, this.tenantId);
        for (let k = from; k < to; k++) {
          const id = randomUUID();
          const plaintext = `Bench-${k}-${randomUUID()}`;
          const secret = seal(passwordRef(id, 1), plaintext);
          rows.push({
            tenantId: this.tenantId,
            id,
            customerId: this.customers[k % this.customers.length]!.id,
            name: `${services[k % services.length]} ${roles[Math.floor(k / services.length) % roles.length]} ${k}`,
            username: `${names[k % names.length]}${k}`,
            domain: `corp${k % 97}.example`,
            loginUrl: `https://portal${k % 50}.example.com`,
            tags: [tags[k % tags.length]!, tags[Math.floor(k / tags.length) % tags.length]!],
            secret,
            secretGeneration: 1,
            createdBy: this.userId,
            updatedBy: this.userId,
          });
          versions.push({ tenantId: this.tenantId, credentialId: id, version: 1, changedFields: ["name", "password", "username"], secret, secretGeneration: 1, changedBy: this.userId });
          if (this.samples.size < 5) this.samples.set(id, plaintext);
          this.passwordIds.push(id);
        }
        // One JSON parameter a table (db/insert-select.ts): a VALUES list of 5,000 rows costs Drizzle more than the seals.
        await tx.execute(insertJsonRows(credentials, rows));
        await tx.execute(insertJsonRows(credentialVersions, versions));
      });
      if (total - from > 10_000 && (to % 10_000 === 0 || to === total)) process.stdout.write(`  seeded ${to} passwords\r`);
    }
    const { db } = await database();
    await db.execute(sql`analyze`); // fresh statistics, as autovacuum would have made by the time a tenant is this size
    if (total > 10_000) console.log(`  seeded ${total} passwords in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

/** Calls a procedure of a tRPC caller by its path ("credentials.reveal"). */
function callProcedure(caller: unknown, procedure: string, input: unknown): Promise<unknown> {
  const fn = procedure.split(".").reduce((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

/**
 * Runs in this process what the browser sends as HTTP requests: each element of `requests` is one request (a tRPC
 * batch) with the context the HTTP handler builds from the session cookie, its calls side by side as tRPC runs them.
 */
export async function runInProcess(sessionToken: string, requests: { path: string; input?: unknown }[][]): Promise<void> {
  for (const calls of requests) {
    const caller = await callerForSession(sessionToken, { batch: true });
    await Promise.all(calls.map((call) => callProcedure(caller, call.path, call.input)));
  }
}

/** How many SQL statements `fn` sends through Drizzle (the BEGIN and COMMIT of each transaction are not counted). */
export async function countStatements(fn: () => Promise<unknown>): Promise<number> {
  return (await countSqlTraffic(fn)).statements;
}

/**
 * The SQL statements `fn` sends through Drizzle (BEGIN and COMMIT not counted), and the socket writes that carry all
 * of them to PostgreSQL, BEGIN and COMMIT included: statements sent together share a write, and each write is a
 * wake-up of the backend and, mostly, a round trip. Nothing else in this process writes to a socket meanwhile. `fn`
 * runs once per pooled connection first, uncounted: a statement new to a connection costs one more round trip to
 * prepare it, which a running server's connections have long paid.
 */
export async function countSqlTraffic(fn: () => Promise<unknown>): Promise<{ statements: number; writes: number }> {
  for (let i = 0; i < Number(process.env.DATABASE_POOL_SIZE ?? 10); i++) await fn();
  let statements = 0;
  let writes = 0;
  const socket = net.Socket.prototype as unknown as { write: (...args: unknown[]) => boolean };
  const { write } = socket;
  socket.write = function (this: net.Socket, ...args: unknown[]) {
    writes++;
    return write.apply(this, args);
  };
  observeQueries(() => statements++);
  try {
    await fn();
  } finally {
    observeQueries(null);
    socket.write = write;
  }
  return { statements, writes };
}

export type ExplainedStatement = { ms: number; query: string; plan: string };

/** The PostgreSQL server log (BENCH_PG_LOG, else the newest Debian cluster log), where auto_explain writes. */
function serverLog(): string | null {
  if (process.env.BENCH_PG_LOG) return process.env.BENCH_PG_LOG;
  const dir = "/var/log/postgresql";
  if (!existsSync(dir)) return null;
  const logs = readdirSync(dir).filter((f) => /^postgresql-.*\.log$/.test(f));
  const newest = logs.sort((a, b) => statSync(path.join(dir, b)).mtimeMs - statSync(path.join(dir, a)).mtimeMs)[0];
  return newest ? path.join(dir, newest) : null;
}

/**
 * Every statement `fn` runs, with its plan as EXPLAIN (ANALYZE, BUFFERS) shows it, from auto_explain loaded into
 * this process's one database connection (the bench sets DATABASE_POOL_SIZE=1, and connects as the schema owner,
 * who may LOAD it) and read back from the server log. Null when the log cannot be read.
 */
export async function explainStatements(fn: () => Promise<unknown>): Promise<ExplainedStatement[] | null> {
  const log = serverLog();
  if (!log || Number(process.env.DATABASE_POOL_SIZE) !== 1) return null;
  try {
    accessSync(log, constants.R_OK);
  } catch {
    return null;
  }
  const { db } = await database();
  const [{ pid }] = resultRows<{ pid: number }>(await db.execute(sql`select pg_backend_pid() as pid`)) as [{ pid: number }];
  for (const statement of ["load 'auto_explain'", "set auto_explain.log_analyze = on", "set auto_explain.log_buffers = on", "set auto_explain.log_min_duration = 0"]) {
    await db.execute(sql.raw(statement));
  }
  const offset = statSync(log).size;
  try {
    await fn();
  } finally {
    await db.execute(sql.raw("set auto_explain.log_min_duration = -1"));
  }
  await new Promise((r) => setTimeout(r, 500)); // the log is written by the server process
  const text = readFileSync(log).subarray(offset).toString("utf8");
  const entries: ExplainedStatement[] = [];
  let current: ExplainedStatement | null = null;
  let inPlan = false;
  for (const line of text.split("\n")) {
    const head = new RegExp(`\\[${pid}\\] .*LOG:\\s+duration: ([\\d.]+) ms\\s+plan:`).exec(line);
    if (head) {
      current = { ms: Number(head[1]), query: "", plan: "" };
      inPlan = false;
      entries.push(current);
    } else if (current && line.startsWith("\t")) {
      // Continuation lines: the query text (over several lines when it has line breaks), then the plan's nodes.
      const body = line.slice(1);
      inPlan ||= /\(cost=|\(actual time=/.test(body);
      if (inPlan) current.plan += `${body}\n`;
      else current.query += (current.query ? "\n" : "") + body.replace(/^Query Text: /, "");
    } else current = null;
  }
  return entries.filter((e) => !/^set auto_explain/.test(e.query));
}

/**
 * Prints the statements of one request, slowest first (time, rows of the plan's top node, the query's first line),
 * and writes them all with their plans to a file, whose path it prints.
 */
export function reportPlans(label: string, entries: ExplainedStatement[] | null, file: string): void {
  if (!entries) {
    console.log(`  (no plans: the PostgreSQL log is not readable here; set BENCH_PG_LOG to its path)`);
    return;
  }
  const total = entries.reduce((sum, e) => sum + e.ms, 0);
  console.log(`  ${label}: ${entries.length} statements, ${total.toFixed(2)} ms in PostgreSQL (EXPLAIN ANALYZE timing); slowest:`);
  for (const e of [...entries].sort((a, b) => b.ms - a.ms).slice(0, 6)) {
    const query = e.query.replace(/\s+/g, " ").slice(0, 150);
    console.log(`    ${e.ms.toFixed(3).padStart(8)} ms  ${query}`);
  }
  const text = entries.map((e, i) => `-- ${i + 1}. ${e.ms} ms\n${e.query}\n${e.plan}`).join("\n");
  writeFileSync(file, `${label}\n\n${text}`);
  console.log(`  every statement with its plan: ${file}`);
}
