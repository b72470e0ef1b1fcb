/**
 * Simulated device agents, shared by bench:agents (route handlers in process) and bench:agents-http (over HTTP): what
 * an agent sends to enroll and to check in, and the address each one comes from.
 */
import { randomBytes } from "node:crypto";
import { generateAgentKeyPair } from "../agent/seal";

export type SimulatedAgent = { index: number; secret: string; ip: string };

/** Runs `work` for every item with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }),
  );
  return out;
}

/** A distinct address per simulated agent (10.x.y.z), so the per-IP enrollment limit is not what is measured. */
export const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const localAccounts = [
  { username: "root", uid: 0, shell: "/bin/bash", locked: true },
  { username: "daemon", uid: 1, shell: "/usr/sbin/nologin", locked: true },
  { username: "sshd", uid: 105, shell: "/usr/sbin/nologin", locked: true },
  { username: "admin", uid: 1000, shell: "/bin/bash", locked: false },
  { username: "alice", uid: 1001, shell: "/bin/bash", locked: false },
  { username: "bob", uid: 1002, shell: "/bin/zsh", locked: false },
  { username: "backup", uid: 1003, shell: "/bin/sh", locked: false },
  { username: "deploy", uid: 1004, shell: "/bin/bash", locked: false },
  { username: "monitoring", uid: 1005, shell: "/usr/sbin/nologin", locked: true },
  { username: "support", uid: 1006, shell: "/bin/bash", locked: false },
];

/** The enrollment request of agent `index` with an enrollment token (a new machine id and key pair each time). */
export function enrollBody(token: string, index: number) {
  return {
    token,
    machineId: randomBytes(16).toString("hex"),
    hostname: `bench-host-${index}`,
    os: { name: "Debian GNU/Linux 12 (bookworm)", version: "12", arch: "x64" },
    agentVersion: "1.0.0",
    publicKey: generateAgentKeyPair().publicKey,
  };
}

/** A check-in with a realistic inventory (3 IPs, 10 local accounts); only the uptime moves from round to round. */
export function checkinBody(agent: Omit<SimulatedAgent, "secret">, round: number) {
  return {
    hostname: `bench-host-${agent.index}`,
    os: { name: "Debian GNU/Linux 12 (bookworm)", version: "12", arch: "x64" },
    agentVersion: "1.0.0",
    ips: [agent.ip, `192.168.${agent.index % 250}.10`, `fd00::${(agent.index % 65535).toString(16)}`],
    uptimeSeconds: 86_400 + round * 60,
    localAccounts,
    results: [],
  };
}
