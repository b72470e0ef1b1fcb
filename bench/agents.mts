/**
 * Agent check-in benchmark (issue #5): enrolls N simulated device agents, then has every one of them check in
 * once per round, with BENCH_CONCURRENCY requests in flight, and reports check-ins per second, p50/p95/p99
 * latency and errors, at 1,000 and 10,000 agents.
 *
 *   npm run bench:agents                                                    # app database: embedded PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1/vl_bench_agents npm run bench:agents   # app database: PostgreSQL
 *
 * Requests go through the real route handlers (app/api/agent/v1/{enroll,checkin}/route.ts) as `Request`
 * objects, in process: body parsing, header checks, rate limits, bearer secret, nonce, RLS transaction, all of
 * it, but not Next's HTTP server or a socket. Each check-in carries fresh X-Vaultline-Timestamp and
 * X-Vaultline-Nonce headers and a realistic body (3 IPs, 10 local accounts). Round 1 is each agent's first
 * check-in after enrolling (the inventory is new: a check-in row and an audit event are written); later rounds
 * are the steady state (nothing changed but the uptime).
 *
 * Enrollment is rate limited per token (200 per 10 min) and per IP (60 per 10 min): the benchmark uses one
 * token per 150 agents and gives each simulated agent its own X-Forwarded-For address. Enrollment is seeding
 * and is reported, not measured as the benchmark.
 *
 * Options: BENCH_AGENTS (both "1000,10000"), BENCH_ROUNDS (3; the per-agent limit is 30 a minute),
 * BENCH_CONCURRENCY (50). DATABASE_POOL_SIZE (10) sizes the PostgreSQL pool as in production.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";

process.env.VAULTLINE_DATA_DIR ??= "memory://";
process.env.VAULTLINE_MASTER_KEY ??= Buffer.alloc(32, 9).toString("base64");

const { database, withTenant } = await import("../db/client");
const { withTenantScope } = await import("../server/scope");
const { customers, tenants } = await import("../db/schema");
const { benchWorkspace } = await import("./workspace.mjs");
const { createEnrollmentToken } = await import("../server/services/agents/enrollment-tokens");
const { POST: enrollRoute } = await import("../app/api/agent/v1/enroll/route");
const { POST: checkinRoute } = await import("../app/api/agent/v1/checkin/route");
const { agentRequestHeaders } = await import("../agent/http");
const { addressOf, checkinBody, enrollBody, pool } = await import("./simulated-agents.mjs");
const { PEER_HEADER } = await import("../server/request-meta");

const SIZES = (process.env.BENCH_AGENTS ?? "1000,10000").split(",").map((s) => Number(s.trim()));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const AGENTS_PER_TOKEN = 150;
const BASE = "http://127.0.0.1:3000";

type Sample = { ms: number; status: number };

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
}

async function timed(request: () => Request, route: (r: Request) => Promise<Response>): Promise<Sample & { body: unknown }> {
  const req = request();
  const start = performance.now();
  const response = await route(req);
  const body: unknown = await response.json();
  return { ms: performance.now() - start, status: response.status, body };
}

function report(label: string, samples: Sample[], seconds: number) {
  const ok = samples.filter((s) => s.status === 200);
  const sorted = ok.map((s) => s.ms).sort((a, b) => a - b);
  const errors = new Map<number, number>();
  for (const s of samples) if (s.status !== 200) errors.set(s.status, (errors.get(s.status) ?? 0) + 1);
  const errorText = errors.size ? [...errors].map(([status, n]) => `${n}×${status}`).join(", ") : "0";
  console.log(
    `  ${label.padEnd(22)} ${String(ok.length).padStart(6)} ok in ${seconds.toFixed(2).padStart(7)} s → ${(ok.length / seconds).toFixed(0).padStart(5)} check-ins/s;` +
      ` p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; errors ${errorText}`,
  );
}

const { kind } = await database();
console.log(
  `agent check-in benchmark — route handlers in process (no HTTP server); app database: ${kind}` +
    `${kind === "postgres" ? ` (pool ${process.env.DATABASE_POOL_SIZE ?? 10})` : ""}; concurrency ${CONCURRENCY}; ${ROUNDS} rounds;` +
    ` ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, node ${process.version}; load average ${os.loadavg()[0]!.toFixed(1)}`,
);

let failed = false;
for (const size of SIZES) {
  const email = `bench-${randomUUID()}@example.test`;
  const { slug, userId } = await benchWorkspace({ companyName: `Agent Bench ${randomUUID().slice(0, 6)}`, name: "Bench", email, password: "correct horse battery staple bench!" });
  const { db } = await database();
  const tenantId = (await db.select().from(tenants).where(eq(tenants.slug, slug)))[0]!.id;
  const audit = { userId, label: email };
  const customerId = (await withTenant(tenantId, (tx) => tx.insert(customers).values({ tenantId, name: "Bench customer" }).returning()))[0]!.id;

  // Seeding: enrollment tokens, then every agent enrolls through the enroll route with its own key pair.
  const seedStart = performance.now();
  const tokens: string[] = [];
  for (let i = 0; i < Math.ceil(size / AGENTS_PER_TOKEN); i++) {
    const { token } = await withTenantScope(tenantId, audit, (scope) => createEnrollmentToken(scope, { customerId, label: `bench ${i}`, expiresInDays: 1 }));
    tokens.push(token);
  }
  const indexes = Array.from({ length: size }, (_, i) => i);
  const enrolled = await pool(indexes, CONCURRENCY, async (index) => {
    const ip = addressOf(index + 1);
    const result = await timed(
      () =>
        new Request(`${BASE}/api/agent/v1/enroll`, {
          method: "POST",
          headers: { "content-type": "application/json", [PEER_HEADER]: ip },
          body: JSON.stringify(enrollBody(tokens[Math.floor(index / AGENTS_PER_TOKEN)]!, index)),
        }),
      enrollRoute,
    );
    if (result.status !== 201) throw new Error(`enrollment ${index} refused with ${result.status}: ${JSON.stringify(result.body)}`);
    return { index, secret: (result.body as { secret: string }).secret, ip };
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`\n${size} agents: enrolled in ${seedSeconds.toFixed(1)} s (${(size / seedSeconds).toFixed(0)} enrollments/s, ${tokens.length} tokens)`);

  const steady: Sample[] = [];
  let steadySeconds = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const start = performance.now();
    const samples = await pool(enrolled, CONCURRENCY, async (agent) => {
      const { ms, status } = await timed(
        () =>
          new Request(`${BASE}/api/agent/v1/checkin`, {
            method: "POST",
            headers: { "content-type": "application/json", [PEER_HEADER]: agent.ip, ...agentRequestHeaders(agent.secret) },
            body: JSON.stringify(checkinBody(agent, round)),
          }),
        checkinRoute,
      );
      return { ms, status };
    });
    const seconds = (performance.now() - start) / 1000;
    report(round === 1 ? "round 1 (first report)" : `round ${round} (steady)`, samples, seconds);
    if (round > 1) {
      steady.push(...samples);
      steadySeconds += seconds;
    }
    if (samples.some((s) => s.status !== 200)) failed = true;
  }
  if (steady.length) report("steady rounds", steady, steadySeconds);
  // Other work on the machine skews these numbers: say how busy it was.
  console.log(`  load average ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1 / 5 / 15 min)`);
}

process.exit(failed ? 1 : 0);
