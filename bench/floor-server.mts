/**
 * The floors of the HTTP benchmarks: the least work any implementation must do, as a bare node:http server in its own
 * process on the same PostgreSQL (its own tables in the scratch database), loaded by the same wrk script as the app.
 * The bench starts it (startFloor in http-harness.mts); it prints "listening <port>" once its data is in.
 *
 *   reveal <db url> <data dir>: ids.txt names the passwords; each gets a random secret sealed with AES-256-GCM under
 *     the floor's own key. A request is the app's tRPC batch body; the floor runs one transaction (an indexed SELECT of
 *     the sealed secret, an INSERT of an audit row), opens the secret (server/crypto's aeadOpen: the same
 *     @noble/ciphers GCM as the app) and answers the JSON the app answers. No session, membership or permission.
 *   agent <db url> <data dir>: agents.txt ("<secret>\t<body>") names the agents; a check-in is parsed (JSON body,
 *     bearer secret), the secret hashed (SHA-256), the agent SELECTed by its hash and its last-seen UPDATEd.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { connectPostgres } from "../db/postgres-connection";
import { aeadOpen, aeadSeal, newKey } from "../server/crypto/aead";

const [mode, url, dataDir] = process.argv.slice(2);
if (!url || !dataDir || (mode !== "reveal" && mode !== "agent")) {
  console.error("usage: floor-server.mts reveal|agent <db url> <data dir>");
  process.exit(2);
}
// The app's own choice of transport (a Unix socket where there is one), so both sides of the ratio pay the same.
const { sql, transport } = await connectPostgres(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10), onnotice: () => {} });
const lines = (file: string) => readFileSync(path.join(dataDir, file), "utf8").split("\n").filter(Boolean);

/** Inserts rows 5,000 at a time. */
async function insertAll(table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 5000) await sql`insert into ${sql(table)} ${sql(rows.slice(i, i + 5000))}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function answer(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function revealFloor(): Promise<http.RequestListener> {
  const key = newKey();
  const tenant = randomUUID();
  const actor = randomUUID();
  const aad = (id: string) => new TextEncoder().encode(`${tenant}|${id}|password`);
  await sql`drop table if exists bench_floor_secrets, bench_floor_audit`;
  await sql`create table bench_floor_secrets (tenant_id uuid, id uuid, secret bytea not null, primary key (tenant_id, id))`;
  await sql`create table bench_floor_audit (id bigint generated always as identity primary key, tenant_id uuid not null, actor uuid, action text not null, target uuid, ip text, at timestamptz not null default now())`;
  const rows = lines("ids.txt").map((id) => ({ tenant_id: tenant, id, secret: Buffer.from(aeadSeal(key, new TextEncoder().encode(`floor-${randomUUID()}`), aad(id))) }));
  await insertAll("bench_floor_secrets", rows);
  await sql`analyze bench_floor_secrets`;
  return (req, res) => {
    void (async () => {
      const id = (JSON.parse(await readBody(req)) as { 0: { json: { id: string } } })[0].json.id;
      const sealed = await sql.begin(async (tx) => {
        const [row] = await tx`select secret from bench_floor_secrets where tenant_id = ${tenant} and id = ${id}`;
        await tx`insert into bench_floor_audit (tenant_id, actor, action, target, ip) values (${tenant}, ${actor}, 'credential.revealed', ${id}, ${req.socket.remoteAddress ?? null})`;
        return row?.secret as Buffer | undefined;
      });
      if (!sealed) return answer(res, 404, { error: "not found" });
      const value = new TextDecoder().decode(aeadOpen(key, sealed, aad(id)));
      answer(res, 200, [{ result: { data: { json: { value } } } }]);
    })().catch((error: unknown) => answer(res, 500, { error: String(error) }));
  };
}

async function agentFloor(): Promise<http.RequestListener> {
  const hash = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");
  await sql`drop table if exists bench_floor_agents`;
  await sql`create table bench_floor_agents (id uuid primary key, secret_hash text not null unique, checkin_interval_seconds integer not null, last_seen_at timestamptz, last_seen_ip text)`;
  const rows = lines("agents.txt").map((line) => ({ id: randomUUID(), secret_hash: hash(line.split("\t")[0]!), checkin_interval_seconds: 60 }));
  await insertAll("bench_floor_agents", rows);
  await sql`analyze bench_floor_agents`;
  return (req, res) => {
    void (async () => {
      const body: unknown = JSON.parse(await readBody(req));
      const secret = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!secret || typeof body !== "object" || body === null) return answer(res, 400, { error: "bad request" });
      const [agent] = await sql`select id, checkin_interval_seconds from bench_floor_agents where secret_hash = ${hash(secret)}`;
      if (!agent) return answer(res, 401, { error: "unauthorized" });
      await sql`update bench_floor_agents set last_seen_at = now(), last_seen_ip = ${req.socket.remoteAddress ?? null} where id = ${agent.id as string}`;
      answer(res, 200, { checkinIntervalSeconds: agent.checkin_interval_seconds as number, tasks: [], acknowledged: [] });
    })().catch((error: unknown) => answer(res, 500, { error: String(error) }));
  };
}

const server = http.createServer(mode === "reveal" ? await revealFloor() : await agentFloor());
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as { port: number }).port} (PostgreSQL over ${transport})`));
process.on("SIGINT", () => server.close(() => void sql.end().then(() => process.exit(0))));
