import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "@/db/client";
import { tenantAuditMac } from "@/server/crypto";
import { withTenantScope } from "@/server/scope";
import { tenantsWithWorkDue } from "../tenants/directory";
import { anchorMessage } from "./chain";
import { AUDIT_CHAIN, chainHead } from "./seal-audit-chain";
import { logUnexpected } from "@/server/log-unexpected";

/**
 * A tenant's sealed chain head, written where the database cannot rewrite it. Signed with the tenant's audit key,
 * so a forged line is caught; kept by the operator, so a chain that was cut or rolled back below it is caught.
 */
export type AuditAnchor = { tenantId: string; seq: number; mac: string; at: string; sig: string };

const LOG_PREFIX = "[audit-anchor] ";

const anchorLine = z.object({
  v: z.literal(1),
  tenant: z.uuid(),
  seq: z.number().int().positive(),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Where anchors are appended: VAULTLINE_AUDIT_ANCHOR_FILE, else `audit-anchors.jsonl` in the data directory (none
 * for an in-memory database). Every anchor is also printed to the server log.
 */
export function anchorFilePath(): string | null {
  if (process.env.VAULTLINE_AUDIT_ANCHOR_FILE) return path.resolve(process.env.VAULTLINE_AUDIT_ANCHOR_FILE);
  return process.env.VAULTLINE_DATA_DIR === "memory://" ? null : path.join(dataDir(), "audit-anchors.jsonl");
}

/** The signed anchor of the tenant's current chain head, or null when nothing is sealed yet. */
export async function currentAnchor(tenantId: string, at = new Date()): Promise<AuditAnchor | null> {
  return withTenantScope(tenantId, AUDIT_CHAIN, async (scope) => {
    const head = await chainHead(scope);
    const mac = await tenantAuditMac(scope.db, tenantId, { create: false });
    if (!head || !mac) return null;
    const unsigned = { tenantId, seq: head.seq, mac: head.mac, at: at.toISOString() };
    return { ...unsigned, sig: mac(anchorMessage(unsigned)) };
  });
}

export function formatAnchor(anchor: AuditAnchor): string {
  return JSON.stringify({ v: 1, tenant: anchor.tenantId, seq: anchor.seq, mac: anchor.mac, at: anchor.at, sig: anchor.sig });
}

/**
 * Anchors every tenant that sealed events since `since`: one line each, appended to the anchor file and printed to
 * the log. Returns the anchors written.
 */
export async function writeAuditAnchors(since: Date, file = anchorFilePath()): Promise<AuditAnchor[]> {
  const written: AuditAnchor[] = [];
  for (const tenantId of await tenantsWithWorkDue("vaultline_tenants_sealed_since", since)) {
    let anchor: AuditAnchor | null;
    try {
      anchor = await currentAnchor(tenantId);
    } catch (error) {
      // One workspace whose key does not open must not stop the others' anchors; the operator sees why.
      logUnexpected(`audit-anchor: workspace ${tenantId}`, error);
      continue;
    }
    if (!anchor) continue;
    const line = formatAnchor(anchor);
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, `${line}\n`, { mode: 0o600 });
    }
    console.log(`${LOG_PREFIX}${line}`);
    written.push(anchor);
  }
  return written;
}

/**
 * Reads anchors from an anchor file or a server log (lines carrying the log prefix). A line that is neither blank,
 * nor an anchor, nor unrelated log output is an error naming its line number: a damaged anchor file must not pass
 * as a shorter one.
 */
export function parseAnchors(text: string): AuditAnchor[] {
  const anchors: AuditAnchor[] = [];
  text.split("\n").forEach((raw, index) => {
    const logged = raw.indexOf(LOG_PREFIX);
    const line = (logged >= 0 ? raw.slice(logged + LOG_PREFIX.length) : raw).trim();
    if (line === "" || (logged < 0 && !line.startsWith("{"))) return;
    let parsed: z.infer<typeof anchorLine>;
    try {
      parsed = anchorLine.parse(JSON.parse(line));
    } catch {
      throw new Error(`Anchor line ${index + 1} is not a valid audit anchor.`);
    }
    anchors.push({ tenantId: parsed.tenant, seq: parsed.seq, mac: parsed.mac, at: parsed.at, sig: parsed.sig });
  });
  return anchors;
}

/** The anchors of the default anchor file, if it exists. */
export function readDefaultAnchors(): AuditAnchor[] | undefined {
  const file = anchorFilePath();
  return file && existsSync(file) ? parseAnchors(readFileSync(file, "utf8")) : undefined;
}
