/**
 * Plumbing of the HTTP benchmarks (bench:reveal-http, bench:customer-page, bench:search, bench:agents-http): a
 * scratch PostgreSQL database, the production build served by the app's own server (scripts/start.mjs), an HTTP
 * client that behaves like the browser (cookies, same-origin headers, tRPC batches), sign-up through the emailed
 * link and sign-in, wrk with a Lua script, the server's peak RSS, and the printed tables.
 *
 * Machine settings (environment): BENCH_PG, the administrator URL of the PostgreSQL server without a database
 * (postgres://postgres@127.0.0.1:5432); BENCH_CPU_PROFILE, a directory: the server runs under `node --cpu-prof`
 * and writes its profile there when the bench stops it (summarise it with bench/cpu-profile-summary.mts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import superjson from "superjson";
import { readMailbox } from "../server/email/mailbox";
import { SERVER_NODE_FLAGS } from "../scripts/node-flags.mjs";

export const ROOT = path.resolve(import.meta.dirname, "..");
const PG_ADMIN = (process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");
/** The login the server connects as: only a member of the application role, as in production (db/role-guard.ts). */
const WEB_LOGIN = "bench_web";
export const BENCH_PASSWORD = "correct horse battery staple 42!";

// ---------------------------------------------------------------------------------------------------------------
// Clean-up: whatever a bench starts is stopped, and its database dropped, however the bench ends.

const cleanups: (() => Promise<void>)[] = [];
/** Runs `fn` when the bench ends (last registered, first run). */
export function atExit(fn: () => Promise<void>): void {
  cleanups.unshift(fn);
}
async function runCleanups() {
  for (const fn of cleanups.splice(0)) await fn().catch((error: unknown) => console.error(`clean-up: ${String(error)}`));
}
/** Runs a bench's body, then the clean-ups, and exits 0, or 1 when it threw (its message printed). */
export async function runBench(body: () => Promise<void>): Promise<never> {
  let code = 0;
  const interrupted = () => void runCleanups().finally(() => process.exit(130));
  process.once("SIGINT", interrupted);
  try {
    await body();
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    code = 1;
  }
  await runCleanups();
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------------------------
// The machine, which the numbers depend on.

/** "1.2 / 0.9 / 0.6": other work on the machine (other people's tests and builds) skews every number. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
}

export async function machineLine(): Promise<string> {
  const sql = postgres(`${PG_ADMIN}/postgres`, { max: 1, onnotice: () => {} });
  const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [{ version: string }];
  await sql.end();
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, PostgreSQL ${version}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The production build.

/** Files whose change makes the build stale: everything `next build` reads (tests, benches and docs aside). */
const BUILD_INPUTS = ["app", "components", "server", "lib", "db", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs", "tsconfig.build.json"];

/** Builds the app with `npx next build` when .next is missing or older than any of its inputs. */
export function ensureProductionBuild(): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", ...BUILD_INPUTS], { cwd: ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const newer = listed.stdout.split("\0").find((file) => file && existsSync(path.join(ROOT, file)) && statSync(path.join(ROOT, file)).mtimeMs > builtAt);
  if (builtAt && !newer) return;
  console.log(builtAt ? `The build is older than ${newer}: npx next build…` : "No production build yet: npx next build…");
  const build = spawnSync("npx", ["next", "build"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" } });
  if (build.status !== 0) throw new Error("next build failed");
}

// ---------------------------------------------------------------------------------------------------------------
// A scratch database.

export type ScratchDatabase = { name: string; ownerUrl: string; webUrl: string };

/**
 * Creates an empty database `bench_<label>_<pid>`, dropped when the bench ends. The schema owner (the
 * administrator) migrates; the server connects as bench_web, a login that is only a member of the application role.
 */
export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `bench_${label.replace(/[^a-z0-9]/g, "_")}_${process.pid}`;
  const admin = postgres(`${PG_ADMIN}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`do $$ begin
    if not exists (select 1 from pg_roles where rolname = '${WEB_LOGIN}') then create role ${WEB_LOGIN} login nosuperuser nobypassrls; end if;
  exception when duplicate_object then null; end $$`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  atExit(async () => {
    const sql = postgres(`${PG_ADMIN}/postgres`, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await sql.end();
  });
  const base = new URL(`${PG_ADMIN}/${name}`);
  const web = new URL(base);
  web.username = WEB_LOGIN;
  web.password = "";
  return { name, ownerUrl: base.href, webUrl: web.href };
}

// ---------------------------------------------------------------------------------------------------------------
// The app's own server.

export type AppServer = { origin: string; pid: number; masterKey: string; mailDir: string; workDir: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until `check` resolves true, polling every 250 ms; throws `timeoutMessage()` after `seconds`. */
async function waitFor(check: () => Promise<boolean>, seconds: number, timeoutMessage: () => string): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(timeoutMessage());
}

/** Stops a child: SIGINT (the server then writes its CPU profile), SIGKILL to its group after `graceSeconds`. */
export async function stopChild(child: ChildProcess, graceSeconds = 20): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGINT");
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), graceSeconds * 1000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the production build with `node <SERVER_NODE_FLAGS> scripts/start.mjs` (what `npm start` runs) on `db`, with
 * a fresh master key, VAULTLINE_RATE_LIMITS=off (one member reveals far faster than any person) and account mail kept
 * in a mailbox directory, plus `env`; waits for /api/health. The process is the server itself, so its pid is what RSS is
 * read from.
 */
export async function startAppServer(db: ScratchDatabase, env: Record<string, string> = {}): Promise<AppServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const workDir = mkdtempSync(path.join(os.tmpdir(), "vaultline-bench-"));
  const masterKey = randomBytes(32).toString("base64");
  const mailDir = path.join(workDir, "mail");
  const profileDir = process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : null;
  const logFile = path.join(workDir, "server.log");
  const log = openSync(logFile, "a");
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "scripts/start.mjs"], {
    cwd: ROOT,
    detached: true, // its own process group, so a hung server is killed with whatever it started
    stdio: ["ignore", log, log],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      NEXTAUTH_URL: origin,
      DATABASE_URL: db.webUrl,
      DATABASE_MIGRATION_URL: db.ownerUrl,
      VAULTLINE_MASTER_KEY: masterKey,
      VAULTLINE_RATE_LIMITS: "off",
      VAULTLINE_DEMO: "0",
      VAULTLINE_DATA_DIR: path.join(workDir, "data"),
      VAULTLINE_MAIL_DIR: mailDir,
      // DATABASE_SOCKET=off measures both the app and the floor (which inherits it) over TCP.
      ...(process.env.DATABASE_SOCKET ? { DATABASE_SOCKET: process.env.DATABASE_SOCKET } : {}),
      ...env,
    },
  });
  closeSync(log);
  const stop = () => stopChild(child);
  atExit(stop);
  const tail = () => readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${tail()}`);
      return (await httpRequest(`${origin}/api/health`)).status === 200;
    },
    300,
    () => `the server did not answer /api/health within 5 minutes:\n${tail()}`,
  );
  if (profileDir) console.log(`CPU profile of the server (pid ${child.pid}) goes to ${profileDir} when it stops`);
  return { origin, pid: child.pid!, masterKey, mailDir, workDir, stop };
}

export type Floor = { origin: string; pid: number; stop: () => Promise<void> };

/** Starts a floor server of bench/floor-server.mts (its own process) and waits until its data is in. */
export async function startFloor(mode: "reveal" | "agent", db: ScratchDatabase, dataDir: string): Promise<Floor> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/floor-server.mts", mode, db.ownerUrl, dataDir], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const stop = () => stopChild(child);
  atExit(stop);
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (c: Buffer) => {
      text += c.toString();
      const found = /listening (\d+)/.exec(text);
      if (found) resolve(Number(found[1]));
    });
    child.once("exit", (code) => reject(new Error(`the ${mode} floor exited (${code}) before listening`)));
  });
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

const profileWindows: string[] = [];
/** Runs `fn` and notes when (CLOCK_MONOTONIC µs, V8's sample clock), so a CPU profile can be read for that time only. */
export async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const from = process.hrtime.bigint() / 1000n;
  try {
    return await fn();
  } finally {
    profileWindows.push(`${from}-${process.hrtime.bigint() / 1000n}`);
  }
}

/** When the server runs under --cpu-prof: stops it (V8 writes the profile then) and says how to summarise the load. */
export async function reportProfile(server: AppServer): Promise<void> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return;
  closeConnections();
  await server.stop();
  const profile = readdirSync(dir).find((f) => f.endsWith(".cpuprofile") && f.includes(`.${server.pid}.`));
  console.log(
    profile
      ? `\nCPU profile of the server: ${path.join(dir, profile)}\n  node --import tsx bench/cpu-profile-summary.mts ${path.join(dir, profile)} --window ${profileWindows.join(",")}`
      : `\nNo CPU profile of pid ${server.pid} in ${dir}.`,
  );
}

/** The environment under which this process uses the server's database and keys in process (seeding, counting). */
export function pointProcessAtAppDatabase(db: ScratchDatabase, server: AppServer, poolSize = 10): void {
  Object.assign(process.env, {
    DATABASE_URL: db.ownerUrl,
    DATABASE_POOL_SIZE: String(poolSize),
    VAULTLINE_MASTER_KEY: server.masterKey,
    VAULTLINE_RATE_LIMITS: "off",
    VAULTLINE_MAIL_DIR: server.mailDir,
    NEXTAUTH_URL: server.origin,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP, as the browser does it.

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number };
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One request over a kept-alive connection; `ms` is from sending to the last byte of the answer. */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - start }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** Closes the kept-alive connections, so the server can stop without waiting for them. */
export function closeConnections(): void {
  keepAlive.destroy();
}

export type TrpcCall = { path: string; input?: unknown };

/** A signed-in browser tab: a cookie jar, same-origin headers on writes, tRPC batches encoded with superjson. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(readonly origin: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** A request from the app's own page: cookies, and for writes what a browser adds (proxy.ts checks them). */
  async request(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers, cookie: this.cookieHeader };
    if (method !== "GET") Object.assign(headers, { origin: this.origin, "sec-fetch-site": "same-origin" });
    const answer = await httpRequest(`${this.origin}${pathname}`, { method, headers, body: options.body });
    const setCookies = answer.headers["set-cookie"] ?? [];
    for (const line of setCookies) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return answer;
  }

  /** The GET path of a tRPC query batch, as httpBatchLink builds it. */
  queryPath(calls: TrpcCall[]): string {
    const input = Object.fromEntries(calls.map((c, i) => [i, superjson.serialize(c.input)]));
    return `/api/trpc/${calls.map((c) => c.path).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  }

  /** The POST body of a one-call tRPC mutation batch. */
  static mutationBody(input: unknown): string {
    return JSON.stringify({ 0: superjson.serialize(input) });
  }

  /** Runs a query batch; throws unless every call succeeded. */
  async query(calls: TrpcCall[]): Promise<unknown[]> {
    return trpcResults(await this.request("GET", this.queryPath(calls)), calls.map((c) => c.path).join(","));
  }

  async mutation<T>(procedure: string, input: unknown): Promise<T> {
    const answer = await this.request("POST", `/api/trpc/${procedure}?batch=1`, { headers: { "content-type": "application/json" }, body: Browser.mutationBody(input) });
    return trpcResults(answer, procedure)[0] as T;
  }
}

/** The results of a tRPC batch answer; throws with the answer when it is not a success. */
export function trpcResults(answer: HttpAnswer, what: string): unknown[] {
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.slice(0, 500)}`);
  const parts = JSON.parse(answer.body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } }[];
  return parts.map((p) => superjson.deserialize(p.result.data));
}

export type Account = { slug: string; email: string; sessionToken: string; browser: Browser };

/**
 * Signs a workspace up the way a person does: the sign-up form, the link from the emailed confirmation (read from
 * the server's mailbox directory, as `npm run mail` does), the confirmation with the password, then sign-in
 * (auth.startLogin, then next-auth's credentials callback, which sets the session cookie).
 */
export async function signUpAndSignIn(server: AppServer, companyName: string): Promise<Account> {
  const browser = new Browser(server.origin);
  const email = `bench-${randomUUID().slice(0, 8)}@example.test`;
  await browser.mutation("auth.signUp", { companyName, name: "Bench Owner", email, password: BENCH_PASSWORD });
  let link: string | undefined;
  await waitFor(
    async () => {
      const [mail] = await readMailbox(server.mailDir, { to: email, limit: 1 });
      link = mail?.text.match(/https?:\/\/\S+\/signup\/confirm\?token=\S+/)?.[0];
      return link !== undefined;
    },
    30,
    () => `no sign-up link was mailed to ${email} in ${server.mailDir}`,
  );
  const token = new URL(link!).searchParams.get("token")!;
  const { slug } = await browser.mutation<{ slug: string }>("auth.confirmSignUp", { token, password: BENCH_PASSWORD });
  const { challenge } = await browser.mutation<{ challenge: string }>("auth.startLogin", { email, password: BENCH_PASSWORD });
  const csrf = JSON.parse((await browser.request("GET", "/api/auth/csrf")).body) as { csrfToken: string };
  const form = new URLSearchParams({ challenge, csrfToken: csrf.csrfToken, callbackUrl: `${server.origin}/${slug}`, json: "true" });
  const signedIn = await browser.request("POST", "/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const sessionToken = browser.cookie("vaultline.session");
  if (!sessionToken) throw new Error(`sign-in set no session cookie: HTTP ${signedIn.status} ${signedIn.body.slice(0, 300)}`);
  return { slug, email, sessionToken, browser };
}

/**
 * The start the page benches share: a production build, a scratch database, the app server on it, this process on
 * the same database (one connection: auto_explain is loaded into it for the plans), a workspace signed up and signed
 * in, and `customers` customers in it. in-process.mts is imported only now, once the database is configured.
 */
export async function benchWorkspaceOverHttp(options: { title: string; database: string; company: string; customers: number }) {
  ensureProductionBuild();
  console.log(`${options.title} — ${await machineLine()}; load average at start ${loadAverage()} (other work on this machine skews every number)`);
  const db = await scratchDatabase(options.database);
  const server = await startAppServer(db);
  pointProcessAtAppDatabase(db, server, 1);
  const inProcess = await import("./in-process.mjs");
  const account = await signUpAndSignIn(server, `${options.company} ${randomUUID().slice(0, 6)}`);
  const seeder = await inProcess.TenantSeeder.forWorkspace(account.slug, account.email);
  await seeder.addCustomers(options.customers);
  return { db, server, account, seeder, inProcess };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring.

/** Peak resident memory of a process and its descendants (VmRSS from /proc), sampled every 100 ms. */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number) {}

  start(): this {
    this.peakKb = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }
  /** Stops sampling; the peak in MB since start(). */
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peakKb / 1024;
  }
  private sample() {
    const kb = treeOf(this.pid).reduce((sum, pid) => sum + rssKb(pid), 0);
    this.peakKb = Math.max(this.peakKb, kb);
  }
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // it ended between listing and reading
  }
}

function treeOf(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const listed = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      if (listed) children.push(...listed.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return [pid, ...children.flatMap(treeOf)];
}

const CLOCK_TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

/** User + system CPU time of a process, in ms (0 once it has gone). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND; // utime, stime
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving database `db` for login `login` (their process title names both). */
/** The PostgreSQL backends of `login` on `db`, by pid, with their process titles ("postgres: <login> <db> <peer> <state>"). */
function backendTitles(login: string, db: string): [number, string][] {
  const title = `: ${login} ${db} `;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((pid): [number, string][] => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return cmdline.includes(title) ? [[Number(pid), cmdline]] : [];
      } catch {
        return [];
      }
    });
}

function backendsOf(login: string, db: string): number[] {
  return backendTitles(login, db).map(([pid]) => pid);
}

export type CpuUse = { node: number; postgres: number };

/**
 * CPU time spent on a piece of work by a Node process (and its children) and by the PostgreSQL backends serving it:
 * less skewed by other work on the machine than latency is, since a process waiting for a core uses none.
 */
export class CpuMeter {
  private start: CpuUse = { node: 0, postgres: 0 };
  private startedAt = 0;
  /** CPU ms per ms spent with nothing to serve (the job runner's poll, timers), taken off per(). */
  private idle: CpuUse = { node: 0, postgres: 0 };
  constructor(
    private readonly pid: number,
    private readonly db: ScratchDatabase,
    private readonly login: "web" | "owner",
  ) {}

  private loginName(): string {
    return this.login === "web" ? WEB_LOGIN : decodeURIComponent(new URL(this.db.ownerUrl).username);
  }
  private now(): CpuUse {
    const login = this.loginName();
    return {
      node: treeOf(this.pid).reduce((sum, pid) => sum + cpuMs(pid), 0),
      postgres: backendsOf(login, this.db.name).reduce((sum, pid) => sum + cpuMs(pid), 0),
    };
  }
  /** How the measured backends are connected, from their process titles (PostgreSQL shows a socket's peer as "[local]"). */
  transport(): string {
    const kinds = new Set(backendTitles(this.loginName(), this.db.name).map(([, title]) => (title.includes(" [local] ") ? "unix socket" : "TCP")));
    return kinds.size > 0 ? [...kinds].sort().join(" and ") : "no connection";
  }
  /**
   * Measures what the processes use with no request to serve, over `ms`; per() subtracts it. CPU ms per second. The
   * quietest of several windows: right after a load, V8's compiler and GC threads and the backends still finish its
   * work for a while, which a single window counted as idle (it swung from 17 to 180 ms/s between runs).
   */
  async calibrate(ms = 4000, windows = 4): Promise<CpuUse> {
    this.idle = { node: 0, postgres: 0 };
    const rates: CpuUse[] = [];
    for (let i = 0; i < windows; i++) {
      this.begin();
      await new Promise((r) => setTimeout(r, ms / windows));
      const elapsed = performance.now() - this.startedAt;
      const used = this.per(1);
      rates.push({ node: used.node / elapsed, postgres: used.postgres / elapsed });
    }
    this.idle = { node: Math.min(...rates.map((r) => r.node)), postgres: Math.min(...rates.map((r) => r.postgres)) };
    return { node: this.idle.node * 1000, postgres: this.idle.postgres * 1000 };
  }
  begin(): this {
    this.start = this.now();
    this.startedAt = performance.now();
    return this;
  }
  /** CPU ms per unit of work since begin(), less what idling would have used meanwhile. */
  per(units: number): CpuUse {
    const end = this.now();
    const elapsed = performance.now() - this.startedAt;
    return {
      node: (end.node - this.start.node - this.idle.node * elapsed) / units,
      postgres: (end.postgres - this.start.postgres - this.idle.postgres * elapsed) / units,
    };
  }
}

export type WrkResult = { rps: number; p50: number; p95: number; p99: number; non2xx: number; socketErrors: number; requests: number };

/**
 * One cell of a wrk table: the app loaded under profiling, with its CPU per request and the server's peak RSS, then
 * the floor loaded the same way, one after the other.
 */
export async function loadAppThenFloor(options: {
  app: { url: string; cpu: CpuMeter; rss: RssSampler };
  floor: { url: string; cpu: CpuMeter };
  script: string;
  connections: number;
  seconds: number;
  env: Record<string, string>;
}) {
  const wrk = (url: string) => runWrk({ url, script: options.script, connections: options.connections, seconds: options.seconds, env: options.env });
  options.app.rss.start();
  options.app.cpu.begin();
  const app = await profiled(() => wrk(options.app.url));
  const appCpu = options.app.cpu.per(app.requests);
  const rssPeak = options.app.rss.stop();
  const load = loadAverage();
  options.floor.cpu.begin();
  const floor = await wrk(options.floor.url);
  return { app: { result: app, cpu: appCpu }, floor: { result: floor, cpu: options.floor.cpu.per(floor.requests) }, rssPeak, load };
}

/**
 * One row of a wrk table: the app's and the floor's throughput, latency (p50 and `tail`), errors and CPU per request,
 * their ratio, the server's peak RSS and the load average, in the columns every HTTP bench prints.
 */
export function wrkComparisonRow(
  work: string,
  tail: "p95" | "p99",
  app: { result: WrkResult; cpu: CpuUse },
  floor: { result: WrkResult; cpu: CpuUse },
  rssPeak: number,
  load: string,
): (string | number)[] {
  return [
    work,
    fmt.rps(app.result.rps),
    fmt.ms(app.result.p50),
    fmt.ms(app.result[tail]),
    app.result.non2xx + app.result.socketErrors,
    fmt.cpu(app.cpu),
    fmt.rps(floor.result.rps),
    fmt.ms(floor.result.p50),
    fmt.ms(floor.result[tail]),
    fmt.cpu(floor.cpu),
    fmt.ratio(app.result.rps / floor.result.rps),
    fmt.mb(rssPeak),
    load,
  ];
}

/**
 * Loads `url` with wrk (one thread, `connections` connections, `seconds` long) driven by a script in bench/wrk/,
 * which reads its data from `env`. The script's done() prints the RESULT line parsed here (bench/wrk/report.lua).
 */
export async function runWrk(options: { url: string; script: string; connections: number; seconds: number; env: Record<string, string> }): Promise<WrkResult> {
  const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "--timeout", "10s", "-s", path.join(ROOT, "bench/wrk", options.script), options.url];
  const out = await new Promise<string>((resolve, reject) => {
    const wrk = spawn("wrk", args, { env: { ...process.env, BENCH_WRK_DIR: path.join(ROOT, "bench/wrk"), ...options.env }, stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    wrk.stdout.on("data", (c: Buffer) => (text += c.toString()));
    wrk.on("error", (error) => reject(new Error(`wrk could not start (${error.message}): apt-get install -y wrk`)));
    wrk.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`))));
  });
  const line = /RESULT (.*)/.exec(out)?.[1];
  if (!line) throw new Error(`wrk printed no RESULT line:\n${out}`);
  const fields = Object.fromEntries(line.split(" ").map((kv) => kv.split("=")).map(([k, v]) => [k, Number(v)]));
  return fields as WrkResult;
}

/** Where a bench writes what is too long to print (BENCH_OUT, else the temporary directory). */
export function outputFile(name: string): string {
  return path.join(process.env.BENCH_OUT ?? os.tmpdir(), name);
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** Unmeasured runs before timeEach measures (they count in a CpuMeter started before it). */
export const WARMUP = 5;

/** Runs `fn` `iterations` times one after another (after `warmup` unmeasured runs); the durations in ms. */
export async function timeEach(iterations: number, fn: (i: number) => Promise<unknown>, warmup = WARMUP): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Prints rows as a table with columns padded to their widest cell (the first column left-aligned, others right). */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const text = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...text.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => "  " + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("   ");
  console.log(line(text[0]!));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("   "));
  for (const r of text.slice(1)) console.log(line(r));
}

export const fmt = {
  rps: (n: number) => n.toFixed(0),
  ms: (n: number) => `${n.toFixed(1)} ms`,
  ratio: (n: number) => `${n.toFixed(2)}×`,
  mb: (n: number) => `${n.toFixed(0)} MB`,
  cpu: (c: CpuUse) => `${c.node.toFixed(2)} + ${c.postgres.toFixed(2)} ms`,
  idle: (c: CpuUse) => `${c.node.toFixed(0)} + ${c.postgres.toFixed(0)} ms/s`,
};
