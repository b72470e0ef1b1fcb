import { z } from "zod";

/*
 * The device agent protocol (api/agent/v1), shared by the server and the reference agent in agent/.
 *
 * Enrollment: POST /api/agent/v1/enroll with an enrollment token (per customer, shown once to an admin) and
 * the agent's X25519 public key. The answer carries the agent's id and secret; the secret is shown only here
 * and stored hashed.
 *
 * Every later request carries three headers:
 *   Authorization: Bearer <agent secret>
 *   X-Vaultline-Timestamp: <milliseconds since the epoch>   (refused outside ±5 minutes of the server's clock)
 *   X-Vaultline-Nonce: <16 to 64 base64url characters>      (refused when this agent already used it)
 *
 * Check-in: POST /api/agent/v1/checkin reports the machine and the results of earlier tasks, and receives new
 * tasks. A task's new password is sealed to the agent's public key (see sealedTaskPayload below), on top of TLS.
 */

export const AGENT_PROTOCOL_VERSION = 1;
/** How far a request's timestamp may be from the server's clock. */
export const AGENT_CLOCK_SKEW_MS = 5 * 60_000;
/** A device is offline after this many missed check-in intervals. */
export const AGENT_OFFLINE_AFTER_INTERVALS = 3;

const base64url = (what: string, min: number, max: number) =>
  z
    .string({ error: `${what} is required.` })
    .min(min, `${what} must be at least ${min} characters.`)
    .max(max, `${what} must be at most ${max} characters.`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url (A–Z, a–z, 0–9, - and _).`);

/** A raw 32-byte X25519 public key, base64url without padding (43 characters). */
export const zAgentPublicKey = base64url("Public key", 43, 43);
export const zNonce = base64url("Nonce", 16, 64);

const shortText = (what: string, max: number) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${what} is required.` : `${what} must be text.`) }).trim().min(1, `${what} is required.`).max(max, `${what} must be at most ${max} characters.`);

export const zAgentOs = z.object(
  {
    name: shortText("OS name", 100),
    version: shortText("OS version", 100),
    arch: shortText("Architecture", 30).optional(),
  },
  { error: "os must be an object with name and version." },
);

export const enrollRequest = z.object({
  token: z.string({ error: "token is required." }).min(20, "token is not a valid enrollment token.").max(200, "token is not a valid enrollment token."),
  /** A stable id of the machine (e.g. /etc/machine-id): enrolling the same machine again re-attaches its device. */
  machineId: base64url("machineId", 8, 128).or(z.string().regex(/^[0-9a-f]{32}$/, "machineId must be base64url or 32 hex digits.")),
  hostname: shortText("hostname", 253),
  os: zAgentOs,
  agentVersion: shortText("agentVersion", 40),
  publicKey: zAgentPublicKey,
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

export const enrollResponse = z.object({
  agentId: z.uuid(),
  deviceId: z.uuid(),
  /** Shown once. The agent keeps it in its identity file (mode 0600). */
  secret: z.string(),
  checkinIntervalSeconds: z.number().int().positive(),
});
export type EnrollResponse = z.infer<typeof enrollResponse>;

export const zLocalAccount = z.object({
  username: shortText("username", 64),
  uid: z.number({ error: "uid must be a number." }).int().min(0),
  shell: z.string().max(200).optional(),
  /** True when the account cannot log in with a password (locked or no password). */
  locked: z.boolean().optional(),
});

export const zTaskResult = z.object({
  taskId: z.uuid({ error: "taskId must be a UUID." }),
  status: z.enum(["succeeded", "failed"], { error: 'status must be "succeeded" or "failed".' }),
  /** What went wrong on the machine; never a password. */
  error: z.string().max(1000).optional(),
});
export type TaskResult = z.infer<typeof zTaskResult>;

export const checkinRequest = z.object({
  hostname: shortText("hostname", 253),
  os: zAgentOs,
  agentVersion: shortText("agentVersion", 40),
  ips: z.array(z.union([z.ipv4(), z.ipv6()], { error: "each IP must be an IPv4 or IPv6 address." })).max(64, "at most 64 IPs."),
  uptimeSeconds: z.number({ error: "uptimeSeconds must be a number." }).int().min(0),
  localAccounts: z.array(zLocalAccount).max(2000, "at most 2000 local accounts."),
  results: z.array(zTaskResult).max(100, "at most 100 results per check-in.").default([]),
});
export type CheckinRequest = z.input<typeof checkinRequest>;

export const zAgentTask = z.object({
  taskId: z.uuid(),
  kind: z.literal("rotate_password"),
  username: z.string(),
  /** base64url(ephemeral X25519 public key (32) | nonce (12) | AES-256-GCM ciphertext and tag), see below. */
  sealed: z.string(),
});
export type AgentTask = z.infer<typeof zAgentTask>;

export const checkinResponse = z.object({
  checkinIntervalSeconds: z.number().int().positive(),
  tasks: z.array(zAgentTask),
  /** Results the server recorded: the agent may forget them. */
  acknowledged: z.array(z.uuid()),
  /** A re-issued secret: the agent stores it and uses it from the next request on. */
  newSecret: z.string().optional(),
});
export type CheckinResponse = z.infer<typeof checkinResponse>;

/**
 * What a sealed task carries, once opened. Sealing: an ephemeral X25519 key pair on the server; the shared
 * secret with the agent's public key goes through HKDF-SHA256 (salt = ephemeral public key | agent public key,
 * info = SEALED_TASK_INFO) to a 32-byte AES-256-GCM key; the nonce is random; the additional data is the task
 * id, so a sealed payload cannot be replayed as another task.
 */
export const sealedTaskPayload = z.object({ username: z.string(), newPassword: z.string() });
export type SealedTaskPayload = z.infer<typeof sealedTaskPayload>;
export const SEALED_TASK_INFO = "vaultline agent task v1";

/** The error body of every refused agent request. */
export type AgentErrorBody = { error: { code: string; message: string; field?: string } };
