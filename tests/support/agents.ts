import { generateKeyPairSync, randomBytes } from "node:crypto";

/** A fresh X25519 public key, as the agent sends it (JWK "x", base64url). */
export const agentPublicKey = () => generateKeyPairSync("x25519").publicKey.export({ format: "jwk" }).x!;

/** A valid enrollment request body for a new machine. */
export const enrollmentBody = (token: string) => ({
  token,
  machineId: randomBytes(16).toString("hex"),
  hostname: "ws-017",
  os: { name: "Debian GNU/Linux 12", version: "12" },
  agentVersion: "1.0.0",
  publicKey: agentPublicKey(),
});

let ipCounter = 0;
/** A distinct client address per request group, so per-IP enrollment limits do not couple the tests. */
export const clientIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

/**
 * POSTs to the real enroll route handler (Request in, Response out). Imported on first use, so the end-to-end
 * tests can share the request bodies above without loading the server.
 */
export async function enrollThroughApi(body: unknown, init: { contentType?: string; raw?: string; ip?: string } = {}) {
  const { POST: enrollRoute } = await import("@/app/api/agent/v1/enroll/route");
  const { PEER_HEADER } = await import("@/server/request-meta");
  const response = await enrollRoute(
    new Request("http://localhost/api/agent/v1/enroll", {
      method: "POST",
      headers: { "content-type": init.contentType ?? "application/json", [PEER_HEADER]: init.ip ?? clientIp() },
      body: init.raw ?? JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** Enrolls a new machine with the token through the agent API; its device, agent id and (shown once) secret. */
export async function enrollAgent(token: string, hostname = "ws-017") {
  const { status, body } = await enrollThroughApi({ ...enrollmentBody(token), hostname });
  if (status !== 201) throw new Error(`enrollment failed (${status}): ${JSON.stringify(body)}`);
  return body as { agentId: string; deviceId: string; secret: string };
}
