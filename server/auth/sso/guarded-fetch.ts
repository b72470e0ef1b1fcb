import "server-only";
import type { LookupAddress } from "node:dns";
import { isIP } from "node:net";
import type { CustomFetch } from "openid-client";
import { Agent, fetch as undiciFetch } from "undici";
import { resolveTarget } from "@/server/connectors/network-guard";

const REQUEST_TIMEOUT_MS = 10_000;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The fetch openid-client uses for discovery, keys and the token exchange, behind the same outbound guard as rotation
 * targets: the host is resolved and judged first (metadata and link-local always refused; loopback and private ranges
 * only where the workspace allows private targets), and the connection is made to exactly the judged address, so a
 * name that answers differently a moment later (DNS rebinding) reaches nothing else. Redirects are not followed.
 */
export function guardedFetch(allowPrivate: boolean): CustomFetch {
  return async (url, options) => {
    const target = new URL(url);
    const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
    const { address } = await resolveTarget(target.hostname.replace(/^\[|\]$/g, ""), port, allowPrivate);
    const family = isIP(address);
    const dispatcher = new Agent({
      connect: {
        lookup: (_host: string, lookupOptions: { all?: boolean }, callback: LookupCallback) =>
          lookupOptions.all ? callback(null, [{ address, family }]) : callback(null, address, family),
      },
    });
    try {
      const response = await undiciFetch(url, {
        method: options.method,
        headers: options.headers,
        body: options.body as never,
        redirect: "manual",
        signal: options.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        dispatcher,
      });
      // Read the body before the dispatcher closes, so openid-client gets a complete response.
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as unknown as Headers });
    } finally {
      void dispatcher.close();
    }
  };
}
