/**
 * What one round trip to PostgreSQL costs in CPU, over loopback TCP and over the server's Unix socket (the choice
 * db/postgres-connection.ts makes): one connection each, `select $1` one after another, the two transports taking
 * turns so that other work on the machine weighs on both alike. CPU of this process (process.cpuUsage) and of each
 * connection's backend (/proc/<pid>/stat), per round trip.
 *
 *   BENCH_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:round-trip   # BENCH_ROUND_TRIPS (3000)
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { postgresRoute } from "../db/postgres-connection";

const url = process.env.BENCH_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const N = Number(process.env.BENCH_ROUND_TRIPS ?? 3000);
const ROUNDS = 6;
const socket = postgresRoute(url, {}).socket;
if (!socket) throw new Error(`no Unix socket found for ${url} (a URL on this machine, with /var/run/postgresql or /tmp holding one)`);

/** CPU ms a process has used (utime + stime, in clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const clients = { "loopback TCP": postgres(url, { max: 1 }), "Unix socket": postgres(url, { max: 1, path: socket }) };
const sides = await Promise.all(
  Object.entries(clients).map(async ([name, sql]) => {
    const [{ pid }] = (await sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    return { name, sql, pid, node: 0, pg: 0, wall: 0 };
  }),
);
for (let round = 0; round < ROUNDS; round++) {
  for (const side of round % 2 ? sides : [...sides].reverse()) {
    const [cpu0, pg0, t0] = [process.cpuUsage(), cpuMs(side.pid), performance.now()];
    for (let i = 0; i < N; i++) await side.sql`select ${i}::int as x`;
    const cpu = process.cpuUsage(cpu0);
    side.node += (cpu.user + cpu.system) / 1000;
    side.pg += cpuMs(side.pid) - pg0;
    side.wall += performance.now() - t0;
  }
}
const us = (ms: number) => `${((1000 * ms) / (ROUNDS * N)).toFixed(1)} µs`;
console.log(`${ROUNDS} × ${N} round trips each, taking turns (PostgreSQL at ${new URL(url).host}, socket ${socket}):`);
for (const s of sides) console.log(`  ${s.name.padEnd(12)}  CPU per round trip: Node ${us(s.node)}, PostgreSQL ${us(s.pg)}; wall ${us(s.wall)}`);
await Promise.all(sides.map((s) => s.sql.end()));
