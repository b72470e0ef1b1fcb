/**
 * A customer page over real HTTP (issue #12 B): every tRPC query one load of /<tenant>/customers/<id> makes, sent as
 * the browser sends them, with passwords spread over 1,000 customers, at 1,000 and then 100,000 passwords.
 *
 * The page's queries (components/customers/customer-page.tsx and what it renders, for an owner, Passwords tab): the
 * shell asks for account.workspaces and workspace.summary (account.me comes with the server render) while the page
 * asks for customers.get; httpBatchLink sends the three as one GET. Once the customer is in, its parts mount and ask for
 * policies.list, rotation.schedule, sharing.listForCustomer, agents.enrollmentTokens and credentials.list (page 1 of
 * 25): a second GET. A page load is those two requests one after the other. The HTML document (server render of the
 * layout and page) is timed apart, for reference.
 *
 * SQL statements are counted in process (db/client.ts observeQueries) running the same two requests through the
 * tRPC caller with the context the HTTP handler builds (the session cookie's token); BEGIN and COMMIT are not counted.
 * Floor: the same data (the customer, the workspaces, the four counts; then the policies, the schedule, the shares,
 * the enrollment tokens, the first 25 passwords with their customer and editor names, and their total) read with
 * raw SQL in this process, in the same two rounds, each round's queries side by side on a pool of 10.
 *
 *   npm run bench:customer-page
 *
 * Options: BENCH_ITERATIONS page loads per size (200), BENCH_SIZES ("1000,100000"), BENCH_CPU_PROFILE (a directory: the
 * server's CPU profile, with the windows of the timed page loads). Goal at 100,000 passwords: p95 ≤ 30 ms
 * over HTTP, and as many statements as at 1,000.
 */
import postgres from "postgres";
import {
  benchWorkspaceOverHttp,
  closeConnections,
  CpuMeter,
  fmt,
  loadAverage,
  outputFile,
  percentile,
  printTable,
  profiled,
  reportProfile,
  RssSampler,
  runBench,
  timeEach,
  type TrpcCall,
  WARMUP,
} from "./http-harness.mjs";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const SIZES = (process.env.BENCH_SIZES ?? "1000,100000").split(",").map(Number);
const CUSTOMERS = 1000;
const PAGE_SIZE = 25; // components/credentials/passwords-table.tsx

/** The two batched requests of one customer page load, as the browser sends them. */
function pageRequests(tenant: string, customerId: string): TrpcCall[][] {
  return [
    [
      { path: "account.workspaces" },
      { path: "workspace.summary", input: { tenant } },
      { path: "customers.get", input: { tenant, customerId } },
    ],
    [
      { path: "policies.list", input: { tenant } },
      { path: "rotation.schedule", input: { tenant, scope: { customerId } } },
      { path: "sharing.listForCustomer", input: { tenant, customerId } },
      { path: "agents.enrollmentTokens", input: { tenant, customerId } },
      { path: "credentials.list", input: { tenant, target: { type: "customer", id: customerId }, search: undefined, page: 1, pageSize: PAGE_SIZE } },
    ],
  ];
}

/** The floor: the page's data with raw SQL, in the same two rounds. */
function floorPage(sql: postgres.Sql, tenantId: string, userId: string) {
  return async (customerId: string) => {
    await Promise.all([
      sql`select id, name, notes, password_policy_id, archived_at, created_at, updated_at from customers where tenant_id = ${tenantId} and id = ${customerId}`,
      sql`select t.slug, t.name, m.role from memberships m join tenants t on t.id = m.tenant_id where m.user_id = ${userId} and m.status = 'active' order by t.name`,
      sql`select (select count(*) from customers where tenant_id = ${tenantId}) as customers, (select count(*) from contacts where tenant_id = ${tenantId}) as contacts,
            (select count(*) from devices where tenant_id = ${tenantId}) as devices, (select count(*) from memberships where tenant_id = ${tenantId} and status = 'active') as members`,
    ]);
    const [, , , , page, [total]] = await Promise.all([
      sql`select * from password_policies where tenant_id = ${tenantId} order by built_in is null, built_in, name`,
      sql`select every_days, cron, enabled, when_offline, next_run_at, last_run_at from rotation_schedules where tenant_id = ${tenantId} and customer_id = ${customerId}`,
      sql`select s.id, s.level, s.created_at, u.name from shares s left join memberships m on m.tenant_id = s.tenant_id and m.id = s.membership_id
            left join users u on u.id = m.user_id where s.tenant_id = ${tenantId} and s.customer_id = ${customerId} order by s.created_at desc, s.id desc`,
      sql`select t.id, t.label, t.expires_at, t.max_uses, t.uses, t.revoked_at, t.last_used_at, t.created_at, u.name from agent_enrollment_tokens t
            left join users u on u.id = t.created_by where t.tenant_id = ${tenantId} and t.customer_id = ${customerId} order by t.created_at desc`,
      sql`select c.id, c.kind, c.name, c.username, c.domain, c.login_url, c.tags, c.notes is not null as has_notes, c.totp_seed is not null as has_totp,
            c.expires_at, c.login_status, c.copy_only, c.version, c.updated_at, u.name as updated_by_name, cu.name as customer_name
            from credentials c join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id left join users u on u.id = c.updated_by
            where c.tenant_id = ${tenantId} and c.customer_id = ${customerId} and c.deleted_at is null order by c.name, c.id limit ${PAGE_SIZE}`,
      sql`select count(*)::int as n from credentials where tenant_id = ${tenantId} and customer_id = ${customerId} and deleted_at is null`,
    ]);
    return { rows: page.length, total: (total as { n: number }).n };
  };
}

await runBench(async () => {
  const { db, server, account, seeder, inProcess } = await benchWorkspaceOverHttp({ title: "customer page over HTTP", database: "customer_page", company: "Page Bench", customers: CUSTOMERS });
  const { countSqlTraffic, countStatements, explainStatements, reportPlans, runInProcess } = inProcess;
  const { browser, slug: tenant, sessionToken } = account;
  const floorSql = postgres(db.ownerUrl, { max: 10, onnotice: () => {} });
  const floor = floorPage(floorSql, seeder.tenantId, seeder.userId);
  const rss = new RssSampler(server.pid);
  const customerAt = (i: number) => seeder.customers[(i * 7) % CUSTOMERS]!.id;
  const loadPage = async (customerId: string) => {
    const [, second] = pageRequests(tenant, customerId);
    await browser.query(pageRequests(tenant, customerId)[0]!);
    return (await browser.query(second!))[4] as { items: unknown[]; total: number };
  };

  const appCpu = new CpuMeter(server.pid, db, "web");
  const floorCpu = new CpuMeter(process.pid, db, "owner");
  const rows: (string | number)[][] = [];
  const idle: string[] = [];
  const perProcedure: (string | number)[][] = [];
  const statementsBySize = new Map<number, number>();
  const writesBySize = new Map<number, number>();
  const p95BySize = new Map<number, number>();
  for (const size of SIZES) {
    await seeder.growPasswordsTo(size);
    const probe = customerAt(1);
    const [app, expected] = [await loadPage(probe), await floor(probe)];
    if (app.total !== expected.total || app.items.length !== expected.rows) throw new Error(`page of ${probe}: app ${app.items.length}/${app.total}, floor ${expected.rows}/${expected.total}`);
    const traffic = await countSqlTraffic(() => runInProcess(sessionToken, pageRequests(tenant, probe)));
    statementsBySize.set(size, traffic.statements);
    writesBySize.set(size, traffic.writes);

    rss.start();
    idle.push(`${size.toLocaleString("en")} passwords: server ${fmt.idle(await appCpu.calibrate())}, floor ${fmt.idle(await floorCpu.calibrate())}`);
    appCpu.begin();
    const appLoads = await profiled(() => timeEach(ITERATIONS, (i) => loadPage(customerAt(i))));
    const appCpuPer = appCpu.per(ITERATIONS + WARMUP);
    const peak = rss.stop();
    const appLoad = loadAverage();
    floorCpu.begin();
    const floorLoads = await timeEach(ITERATIONS, (i) => floor(customerAt(i)));
    const floorCpuPer = floorCpu.per(ITERATIONS + WARMUP);
    const documents = await timeEach(Math.min(ITERATIONS, 50), async (i) => {
      const answer = await browser.request("GET", `/${tenant}/customers/${customerAt(i)}`);
      if (answer.status !== 200) throw new Error(`the customer page answered ${answer.status}`);
    });
    const label = `${size.toLocaleString("en")} passwords`;
    rows.push([
      `page load (2 tRPC requests), ${label}`,
      fmt.ms(percentile(appLoads, 50)),
      fmt.ms(percentile(appLoads, 95)),
      fmt.cpu(appCpuPer),
      fmt.ms(percentile(floorLoads, 50)),
      fmt.ms(percentile(floorLoads, 95)),
      fmt.cpu(floorCpuPer),
      fmt.ratio(percentile(appLoads, 50) / percentile(floorLoads, 50)),
      `${statementsBySize.get(size)!} in ${writesBySize.get(size)!} writes`,
      fmt.mb(peak),
      appLoad,
    ]);
    rows.push([`  HTML document (server render), ${label}`, fmt.ms(percentile(documents, 50)), fmt.ms(percentile(documents, 95)), "", "", "", "", "", "", "", loadAverage()]);

    const calls = pageRequests(tenant, probe).flat();
    for (const [k, call] of calls.entries()) {
      const samples = await timeEach(Math.max(20, ITERATIONS / 4), (i) => browser.query([pageRequests(tenant, customerAt(i)).flat()[k]!]));
      const statements = await countStatements(() => runInProcess(sessionToken, [[call]]));
      perProcedure.push([`${call.path}, ${label}`, fmt.ms(percentile(samples, 50)), fmt.ms(percentile(samples, 95)), statements]);
    }
    p95BySize.set(size, percentile(appLoads, 95));
  }
  await floorSql.end();

  console.log(`\nCustomer page over HTTP (${ITERATIONS} loads one after another, customers in turn; ${CUSTOMERS} customers; production build via scripts/server.ts)`);
  printTable(["work", "Vaultline p50", "p95", "CPU/load Node + PG", "floor p50", "p95", "CPU/load Node + PG", "Vaultline ÷ floor (p50)", "SQL statements (socket writes)", "server RSS peak", "load avg 1/5/15"], rows);
  console.log(`  CPU/load: CPU time of the server (for the floor: this process) and of its PostgreSQL backends per page load,`);
  console.log(`  less what they use idle (Node + PostgreSQL), the quietest second of 4 measured before: ${idle.join("; ")}.`);
  console.log(`\n  Each query alone, in its own HTTP request, with its statements:`);
  printTable(["procedure", "p50", "p95", "SQL statements"], perProcedure);
  const largest = Math.max(...SIZES);
  const counts = [...statementsBySize.values()];
  console.log(
    `  goals: p95 ≤ 30 ms at ${largest.toLocaleString("en")} passwords ${p95BySize.get(largest)! <= 30 ? "met" : "NOT met"};` +
      ` statements constant (${counts.join(", ")}) ${new Set(counts).size === 1 ? "met" : "NOT met"}`,
  );

  console.log(`\nWhere a page load's SQL time goes, at ${seeder.passwordIds.length.toLocaleString("en")} passwords:`);
  const plans = await explainStatements(() => runInProcess(sessionToken, pageRequests(tenant, customerAt(3))));
  reportPlans("one customer page load (2 requests)", plans, outputFile(`customer-page-plans-${process.pid}.txt`));
  await reportProfile(server);
  closeConnections();
});
