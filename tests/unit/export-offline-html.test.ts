import { createDecipheriv, createHash, pbkdf2Sync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExportEntry } from "@/server/export/entry";
import { writeOfflineHtmlExport } from "@/server/export/offline-html";
import { collectText, generatedEntries, SAMPLE_ENTRIES } from "../support/export-entries";

type Payload = {
  header: {
    format: string;
    version: number;
    exportedAt: string;
    kdf: { name: string; hash: string; iterations: number; salt: string };
    cipher: string;
  };
  chunks: string[];
};

function payloadOf(html: string): Payload {
  const match = /<script type="application\/json" id="vl-payload">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error("no payload in the page");
  return JSON.parse(match[1]!) as Payload;
}

/*
 * An independent opening of the page's payload with node:crypto, from the format's description (not the exporter's
 * code): PBKDF2-SHA-256 over the NFC passphrase, then each chunk base64(nonce | ciphertext | tag) with AES-256-GCM and
 * the additional data "vaultline-offline-export/v1/<index>/<more|last>".
 */
function openPayload(payload: Payload, passphrase: string, chunks = payload.chunks): ExportEntry[] {
  const { kdf } = payload.header;
  const key = pbkdf2Sync(passphrase.normalize("NFC"), Buffer.from(kdf.salt, "base64"), kdf.iterations, 32, "sha256");
  return chunks.flatMap((chunk, index) => {
    const box = Buffer.from(chunk, "base64");
    const decipher = createDecipheriv("aes-256-gcm", key, box.subarray(0, 12));
    decipher.setAAD(Buffer.from(`vaultline-offline-export/v1/${index}/${index === chunks.length - 1 ? "last" : "more"}`));
    decipher.setAuthTag(box.subarray(box.length - 16));
    const plaintext = Buffer.concat([decipher.update(box.subarray(12, box.length - 16)), decipher.final()]);
    return JSON.parse(plaintext.toString("utf8")) as ExportEntry[];
  });
}

describe("the encrypted offline HTML export", () => {
  let html: string; // the sample entries' page (each page costs a 600,000-round PBKDF2, so the tests share one)
  beforeAll(async () => {
    html = await collectText(
      writeOfflineHtmlExport(SAMPLE_ENTRIES, "Caf\u00e9 au lait, 4 sugars", new Date("2026-03-01T10:00:00Z")),
    );
  });

  it("holds every entry, encrypted, and node:crypto opens it with the passphrase", () => {
    // Decomposed "é" typed here, composed in the export's passphrase: NFC makes them one passphrase.
    const payload = payloadOf(html);
    expect(payload.header).toMatchObject({
      format: "vaultline-offline-export",
      version: 1,
      exportedAt: "2026-03-01T10:00:00.000Z",
      kdf: { name: "PBKDF2", hash: "SHA-256", iterations: 600_000 },
      cipher: "AES-256-GCM",
    });
    expect(Buffer.from(payload.header.kdf.salt, "base64")).toHaveLength(16);
    expect(payload.chunks).toHaveLength(1);
    expect(openPayload(payload, "Cafe\u0301 au lait, 4 sugars")).toEqual(SAMPLE_ENTRIES);

    // Nothing of an entry is readable in the page.
    for (const secretish of ["Acme", "admin", "Tr0ub4dor", "JBSWY3DPEHPK3PXP", "alert(1)", "Zoë"]) {
      expect(html).not.toContain(secretish);
    }
    expect(() => openPayload(payload, "Cafe au lait, 4 sugars")).toThrow("Unsupported state or unable to authenticate data");
  });

  it("is one self-contained page: a strict CSP that allows only its own inline style and script by hash", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("img-src")).toEqual(["data:"]);
    expect(directives.get("base-uri")).toEqual(["'none'"]);
    expect(directives.get("form-action")).toEqual(["'none'"]);
    expect(csp).not.toContain("unsafe");

    const hash = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
    const scripts = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(directives.get("script-src")).toEqual([hash(scripts[0]!)]);
    expect(directives.get("style-src")).toEqual([hash(styles[0]!)]);

    // No reference to anything outside the page: no src attributes, no links but the empty data: icon, no URLs.
    expect(html).not.toMatch(/\ssrc=/i);
    expect([...html.matchAll(/\shref="([^"]*)"/gi)].map((m) => m[1])).toEqual(["data:,"]);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\s(style|on[a-z]+)=/i); // no inline style or handler attributes, which the CSP would block
    // Two script elements: the payload (data, never run) and the module.
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/json" id="vl-payload">',
      '<script type="module">',
    ]);
  });

  it("cuts a large export into chunks bound to their place: a cut, reordered or swapped file fails to open", async () => {
    const entries = [...generatedEntries(12_000)];
    const html = await collectText(writeOfflineHtmlExport(entries, "chunky"));
    const payload = payloadOf(html);
    expect(payload.chunks.length).toBeGreaterThanOrEqual(3);
    expect(openPayload(payload, "chunky")).toEqual(entries);

    const [first, second, ...rest] = payload.chunks as [string, string, ...string[]];
    expect(() => openPayload(payload, "chunky", payload.chunks.slice(0, -1))).toThrow(); // the new last one says "more"
    expect(() => openPayload(payload, "chunky", [second, first, ...rest])).toThrow();
  });

  it("writes an empty, still sealed, last chunk for no entries, and refuses an empty passphrase", async () => {
    const payload = payloadOf(await collectText(writeOfflineHtmlExport([], "nothing here")));
    expect(payload.chunks).toHaveLength(1);
    expect(openPayload(payload, "nothing here")).toEqual([]);
    await expect(collectText(writeOfflineHtmlExport([], ""))).rejects.toThrow("needs a passphrase");
  });
});
