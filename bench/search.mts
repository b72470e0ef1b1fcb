/**
 * Tenant-wide search over real HTTP (issue #12 B): the ⌘K palette (components/shell/command-palette.tsx) sends
 * credentials.quickSearch { tenant, term, limit: 10 } (the first 10 by name, no total) as a tRPC GET; timed for a part
 * of a word, a tag and a customer name, at 1,000 and then 100,000 passwords spread over 1,000 customers.
 *
 * Floor: the same lookup in raw SQL with an ideal index. A copy of the tenant's live passwords carries one search
 * column (name, username, domain, login URL, tags and customer name, space-separated, lower-cased) under a GIN pg_trgm
 * index; one statement reads the matches once (`search LIKE lower('%term%')`, cheaper than ILIKE, which folds the case
 * of every row it reads) and answers the app's answer: the first 10 by name, id. No btree on (tenant,
 * name): walking it in order and filtering stops early only where matches are spread evenly by name, and the seeded
 * names are not (a search for "rewal" walked 43,750 rows before its first "Firewall", 250 ms). The copy keeps the app's
 * own tables as the app made them. Each term's first 10 are checked to be the app's; the matches column is the floor's
 * count, untimed.
 *
 *   npm run bench:search
 *
 * Then the whole ⌘K palette request at the largest size: one tRPC batch of credentials.list and search.holders
 * (customers, contacts, devices by name), against the floor's list query plus a plain ILIKE over each holder table.
 *
 * Options: BENCH_ITERATIONS searches per kind and size (60), BENCH_SIZES ("1000,100000"). Goal at 100,000 passwords:
 * p95 ≤ 50 ms over HTTP.
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
  RssSampler,
  runBench,
  timeEach,
  WARMUP,
} from "./http-harness.mjs";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 60);
const SIZES = (process.env.BENCH_SIZES ?? "1000,100000").split(",").map(Number);
const CUSTOMERS = 1000;

/** Terms of each kind, taken in turn (see VOCABULARY in in-process.mts: "Firewall …", tags, "Woodgrove Legal 0029"). */
const TERMS = {
  "part of a word": ["rewal", "ypervis", "outer"],
  tag: ["legacy", "tier2", "onboarding"],
  "customer name": ["Fabrikam", "Woodgrove Legal", "Coho Clinic"],
};

type Page = { items: { id: string }[] };

/** `%term%` for ILIKE with the term's own pattern characters literal, as the app escapes them. */
const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function buildFloorIndex(sql: postgres.Sql) {
  await sql`create extension if not exists pg_trgm`;
  await sql`drop table if exists bench_floor_search`;
  await sql`create table bench_floor_search as
    select c.tenant_id, c.id, c.kind, c.name, c.username, c.domain, c.login_url, c.tags, c.expires_at, c.updated_at, c.customer_id,
      cu.name as customer_name, lower(concat_ws(' ', c.name, c.username, c.domain, c.login_url, array_to_string(c.tags, ' '), cu.name)) as search
    from credentials c join customers cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id where c.deleted_at is null`;
  await sql`create index on bench_floor_search using gin (search gin_trgm_ops)`;
  await sql`analyze bench_floor_search`;
}

function floorSearch(sql: postgres.Sql, tenantId: string) {
  return async (term: string): Promise<Page> => {
    const pattern = containsPattern(term);
    const rows = await sql`select id, kind, name, username, domain, login_url, tags, expires_at, updated_at, customer_id, customer_name
      from bench_floor_search where tenant_id = ${tenantId} and search like lower(${pattern}) order by name, id limit 10`;
    return { items: rows as unknown as { id: string }[] };
  };
}

/** How many passwords a term matches (for the table; not timed). */
async function floorCount(sql: postgres.Sql, tenantId: string, term: string): Promise<number> {
  const [row] = await sql`select count(*)::int as n from bench_floor_search where tenant_id = ${tenantId} and search like lower(${containsPattern(term)})`;
  return (row as unknown as { n: number }).n;
}

type Holders = { customers: { id: string }[]; contacts: { id: string }[]; devices: { id: string }[] };

/** The floor of search.holders: the first five live customers, contacts and devices by name, a plain ILIKE each. */
function floorHolders(sql: postgres.Sql, tenantId: string) {
  return async (term: string): Promise<Holders> => {
    const pattern = containsPattern(term);
    const [customers, contacts, devices] = await Promise.all(
      ["customers", "contacts", "devices"].map(
        (table) => sql`select id, name from ${sql(table)} where tenant_id = ${tenantId} and archived_at is null and name ilike ${pattern} order by name, id limit 5`,
      ),
    );
    return { customers: [...customers!], contacts: [...contacts!], devices: [...devices!] } as Holders;
  };
}

await runBench(async () => {
  const { db, server, account, seeder, inProcess } = await benchWorkspaceOverHttp({ title: "tenant-wide search over HTTP", database: "search", company: "Search Bench", customers: CUSTOMERS });
  const { countStatements, explainStatements, reportPlans, runInProcess } = inProcess;
  const { browser, slug: tenant, sessionToken } = account;
  const floorSql = postgres(db.ownerUrl, { max: 10, onnotice: () => {} });
  const floor = floorSearch(floorSql, seeder.tenantId);
  const rss = new RssSampler(server.pid);
  const searchCall = (term: string) => ({ path: "credentials.quickSearch", input: { tenant, term, limit: 10 } });
  const listCall = (search: string) => ({ path: "credentials.list", input: { tenant, search, pageSize: 10 } });
  const appSearch = async (term: string) => (await browser.query([searchCall(term)]))[0] as Page;
  const holdersFloor = floorHolders(floorSql, seeder.tenantId);

  /** The palette's batch against its floor, each kind of term, checking the customers found are the floor's. */
  async function timePalette() {
    const paletteRows: (string | number)[][] = [];
    const appPalette = (term: string) => browser.query([searchCall(term), { path: "search.holders", input: { tenant, term, limit: 5 } }]);
    const floorPalette = (term: string) => Promise.all([floor(term), holdersFloor(term)]);
    for (const [kind, terms] of Object.entries(TERMS)) {
      for (const term of terms) {
        const [app, expected] = [(await appPalette(term))[1] as Holders, await holdersFloor(term)];
        if (app.customers.map((c) => c.id).sort().join() !== expected.customers.map((c) => c.id).sort().join()) {
          throw new Error(`"${term}": search.holders found other customers than the floor`);
        }
      }
      const appTimes = await timeEach(ITERATIONS, (i) => appPalette(terms[i % terms.length]!));
      const floorTimes = await timeEach(ITERATIONS, (i) => floorPalette(terms[i % terms.length]!));
      paletteRows.push([
        `${kind} (${terms.join(", ")})`,
        fmt.ms(percentile(appTimes, 50)),
        fmt.ms(percentile(appTimes, 95)),
        fmt.ms(percentile(floorTimes, 50)),
        fmt.ms(percentile(floorTimes, 95)),
        fmt.ratio(percentile(appTimes, 50) / percentile(floorTimes, 50)),
        loadAverage(),
      ]);
    }
    return paletteRows;
  }

  const appCpu = new CpuMeter(server.pid, db, "web");
  const floorCpu = new CpuMeter(process.pid, db, "owner");
  const rows: (string | number)[][] = [];
  const idle: string[] = [];
  const p95At = new Map<number, number>();
  /** p50 of each kind at each size, for how a search grows with the vault. */
  const p50Of = new Map<string, number>();
  for (const size of SIZES) {
    await seeder.growPasswordsTo(size);
    await buildFloorIndex(floorSql);
    idle.push(`${size.toLocaleString("en")} passwords: server ${fmt.idle(await appCpu.calibrate())}, floor ${fmt.idle(await floorCpu.calibrate())}`);
    for (const [kind, terms] of Object.entries(TERMS)) {
      const totals: number[] = [];
      for (const term of terms) {
        const [app, expected] = [await appSearch(term), await floor(term)];
        if (app.items.map((i) => i.id).join() !== expected.items.map((i) => i.id).join()) {
          throw new Error(`"${term}": the app's first 10 are not the floor's`);
        }
        totals.push(await floorCount(floorSql, seeder.tenantId, term));
      }
      const statements = await countStatements(() => runInProcess(sessionToken, [[searchCall(terms[0]!)]]));
      rss.start();
      appCpu.begin();
      const appTimes = await timeEach(ITERATIONS, (i) => appSearch(terms[i % terms.length]!));
      const appCpuPer = appCpu.per(ITERATIONS + WARMUP);
      const peak = rss.stop();
      const appLoad = loadAverage();
      floorCpu.begin();
      const floorTimes = await timeEach(ITERATIONS, (i) => floor(terms[i % terms.length]!));
      const floorCpuPer = floorCpu.per(ITERATIONS + WARMUP);
      // The same search as the All passwords page sends it (credentials.list: the first page and its total), for what
      // the total costs.
      appCpu.begin();
      const listTimes = await timeEach(ITERATIONS, (i) => browser.query([listCall(terms[i % terms.length]!)]));
      const listCpuPer = appCpu.per(ITERATIONS + WARMUP);
      p95At.set(size, Math.max(p95At.get(size) ?? 0, percentile(appTimes, 95)));
      p50Of.set(`${kind} ${size}`, percentile(appTimes, 50));
      rows.push([
        `${kind} (${terms.join(", ")}), ${size.toLocaleString("en")} passwords`,
        totals.join(" / "),
        fmt.ms(percentile(appTimes, 50)),
        fmt.ms(percentile(appTimes, 95)),
        fmt.cpu(appCpuPer),
        fmt.ms(percentile(floorTimes, 50)),
        fmt.ms(percentile(floorTimes, 95)),
        fmt.cpu(floorCpuPer),
        fmt.ratio(percentile(appTimes, 50) / percentile(floorTimes, 50)),
        `${fmt.ms(percentile(listTimes, 50))} / ${fmt.ms(percentile(listTimes, 95))}, ${fmt.cpu(listCpuPer)}`,
        statements,
        fmt.mb(peak),
        appLoad,
      ]);
    }
  }
  const paletteRows = await timePalette();
  await floorSql.end();

  console.log(`\nTenant-wide search over HTTP (${ITERATIONS} searches per row, one after another; the first 10 by name, no total)`);
  printTable(["search", "matches", "Vaultline p50", "p95", "CPU/search Node + PG", "floor p50", "p95", "CPU/search Node + PG", "Vaultline ÷ floor (p50)", "with total (credentials.list) p50 / p95, CPU", "SQL statements", "server RSS peak", "load avg 1/5/15"], rows);
  console.log(`  CPU/search: CPU time of the server (for the floor: this process) and of its PostgreSQL backends per search,`);
  console.log(`  less what they use idle (Node + PostgreSQL), the quietest second of 4 measured before: ${idle.join("; ")}.`);
  const largest = Math.max(...SIZES);
  const smallest = Math.min(...SIZES);
  const growth = Object.keys(TERMS).map((kind) => `${kind} ${fmt.ratio(p50Of.get(`${kind} ${Math.max(...SIZES)}`)! / p50Of.get(`${kind} ${smallest}`)!)}`);
  console.log(`  p50 at ${Math.max(...SIZES).toLocaleString("en")} ÷ p50 at ${smallest.toLocaleString("en")} passwords: ${growth.join(", ")}.`);
  console.log(`  goal: p95 ≤ 50 ms at ${largest.toLocaleString("en")} passwords, every kind: ${p95At.get(largest)! <= 50 ? "met" : "NOT met"}`);

  console.log(`\nThe ⌘K palette's request at ${largest.toLocaleString("en")} passwords (passwords + customers, contacts, devices in one batch)`);
  printTable(["search", "Vaultline p50", "p95", "floor p50", "p95", "Vaultline ÷ floor (p50)", "load avg 1/5/15"], paletteRows);

  console.log(`\nWhere a search's SQL time goes, at ${seeder.passwordIds.length.toLocaleString("en")} passwords (one search of each kind):`);
  const searches = Object.values(TERMS).map((terms) => [searchCall(terms[0]!)]);
  const plans = await explainStatements(() => runInProcess(sessionToken, searches));
  reportPlans(`searches for ${Object.values(TERMS).map((t) => `"${t[0]}"`).join(", ")}`, plans, outputFile(`search-plans-${process.pid}.txt`));
  closeConnections();
});
