import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { accessChanges } from "@/lib/access-requests";
import { auditActionLabel, auditActionLabels, auditActions } from "@/lib/audit-actions";

const namespaces = [...new Set(auditActions.map((code) => code.split(".")[0]!))].join("|");
/** A literal such as "credential.revealed" in a namespace the log knows, on a line that talks about an action. */
const codeLiteral = new RegExp(`["'\`]((?:${namespaces})\\.[a-z0-9_]+)["'\`]`, "g");

/** The audit codes a source file writes as literals. */
function writtenCodes(source: string): string[] {
  return source
    .split("\n")
    .filter((line) => /action|ACTION/.test(line))
    .flatMap((line) => [...line.matchAll(codeLiteral)].map((m) => m[1]!));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The codes written from templates: `${kind}.created`… and `access.${change}`. */
const templatedCodes = [
  ...["customer", "contact", "device"].flatMap((kind) => ["created", "updated", "archived", "restored"].map((what) => `${kind}.${what}`)),
  ...accessChanges.map((change) => `access.${change}`),
];

describe("audit action labels", () => {
  it("has a label for every action code the server writes", () => {
    const written = new Set([...sourceFiles(path.resolve(__dirname, "../../server")).flatMap((file) => writtenCodes(readFileSync(file, "utf8"))), ...templatedCodes]);
    // The scan must find the server's codes, or this test would pass for the wrong reason.
    expect(written.size).toBeGreaterThan(80);
    expect([...written].filter((code) => !(code in auditActionLabels))).toEqual([]);
  });

  it("reports a code written without a label", () => {
    expect(writtenCodes(`await audit(scope, { action: "credential.teleported" });`)).toEqual(["credential.teleported"]);
    expect("credential.teleported" in auditActionLabels).toBe(false);
  });

  it("words every action in sentence case, without codes or a full stop", () => {
    for (const [code, label] of Object.entries(auditActionLabels)) {
      expect(label, code).toMatch(/^[A-Z][^A-Z]/);
      expect(label, code).not.toMatch(/[._]|\.$/);
    }
  });

  it("shows a code it does not know as stored", () => {
    expect(auditActionLabel("credential.revealed")).toBe("Revealed password");
    expect(auditActionLabel("legacy.thing")).toBe("legacy.thing");
  });
});
