import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { resolveTarget } from "@/server/connectors/network-guard";
import { WEBHOOK_RESPONSE_KEEP_CHARS, WEBHOOK_SIGNATURE_HEADER } from "@/lib/webhooks";

const TIMEOUT_MS = 10_000;

/** What one POST got: the status and the start of the answer, or why there was none (status null). */
export type EndpointAnswer = { status: number | null; body: string; durationMs: number };

/** A lookup that answers with the address the guard judged, so the socket dials exactly that one (no second DNS answer). */
function pinnedLookup(address: string): LookupFunction {
  const family = address.includes(":") ? 6 : 4;
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

/**
 * POSTs a signed body to an endpoint. The host is judged by the same guard as rotation targets (private addresses
 * only when the workspace allows them, metadata and link-local never) and the connection goes to the judged address;
 * a refusal throws (a ConnectorError that is not retryable). Redirects are not followed. The answer's body is read up
 * to what the delivery log keeps.
 */
export async function postToEndpoint(url: string, body: string, signature: string, extraHeaders: Record<string, string>, allowPrivate: boolean): Promise<EndpointAnswer> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const port = Number(target.port || (secure ? 443 : 80));
  const { address } = await resolveTarget(target.hostname.replace(/^\[(.*)\]$/, "$1"), port, allowPrivate);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<EndpointAnswer>((resolve) => {
    const request = (secure ? https : http).request(
      target,
      {
        method: "POST",
        lookup: pinnedLookup(address),
        headers: {
          "content-type": "application/json",
          "user-agent": "Vaultline-Webhooks/1",
          [WEBHOOK_SIGNATURE_HEADER]: signature,
          ...extraHeaders,
        },
        timeout: TIMEOUT_MS,
      },
      (response) => {
        let kept = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          kept += chunk;
          if (kept.length >= WEBHOOK_RESPONSE_KEEP_CHARS) response.destroy();
        });
        const done = () => resolve({ status: response.statusCode ?? null, body: kept.slice(0, WEBHOOK_RESPONSE_KEEP_CHARS), durationMs: elapsed() });
        response.on("end", done);
        response.on("close", done);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} seconds`)));
    request.on("error", (error) => resolve({ status: null, body: `Could not deliver: ${error.message}`, durationMs: elapsed() }));
    request.end(body);
  });
}
