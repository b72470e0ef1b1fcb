import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { AuditTarget } from "@/lib/audit-actions";
import { AUDIT_CSV_COLUMNS, writeAuditLogCsv } from "@/server/export/audit-log-csv";
import type { AuditEventItem } from "@/server/services/audit/list-audit-events";
import { collectText } from "../support/export-entries";

const target: AuditTarget = {
  type: "credential",
  id: "5b0b6d1e-3c1f-4c55-9a53-0d5d7c1b2a10",
  noun: "password",
  name: "Office Wi-Fi",
  gone: false,
  customerName: "Acme, Inc.",
  place: null,
};

function event(overrides: Partial<AuditEventItem>): AuditEventItem {
  return {
    id: 1,
    at: new Date("2026-03-01T09:30:00.000Z"),
    actorUserId: null,
    actorLabel: "tech@example.com",
    action: "credential.revealed",
    targetType: "credential",
    targetId: target.id,
    ip: "192.0.2.1",
    userAgent: "test",
    details: { field: "password" },
    target,
    ...overrides,
  };
}

function parse(text: string): string[][] {
  expect(text.startsWith("\uFEFF")).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("the audit log CSV", () => {
  it("writes one row per event with the action and target in words", async () => {
    const [header, row] = parse(await collectText(writeAuditLogCsv([event({})])));
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(row).toEqual([
      "2026-03-01T09:30:00.000Z",
      "tech@example.com",
      "Revealed password",
      "credential.revealed",
      "Office Wi-Fi",
      "password",
      "Acme, Inc.",
      target.id,
      "192.0.2.1",
      "field: password",
    ]);
  });

  it("names deleted targets, and leaves the target empty for events without one", async () => {
    const rows = parse(
      await collectText(
        writeAuditLogCsv([event({ target: { ...target, name: null, gone: true } }), event({ action: "auth.login", targetType: null, targetId: null, target: null, details: {} })]),
      ),
    );
    expect(rows[1]!.slice(2, 6)).toEqual(["Revealed password", "credential.revealed", "deleted password", "password"]);
    expect(rows[2]!.slice(2, 8)).toEqual(["Signed in", "auth.login", "", "", "", ""]);
  });

  it("defuses every cell a spreadsheet would run as a formula, through the shared writer", async () => {
    const hostile = event({
      actorLabel: "@SUM(A1)",
      target: { ...target, name: "=HYPERLINK(\"http://evil\")", customerName: "+cmd" },
      ip: "-1",
      details: { note: "x" },
    });
    const tabbed = event({ actorLabel: "\tTab", target: { ...target, name: "\rCR" } });
    const [, row, tabRow] = parse(await collectText(writeAuditLogCsv([hostile, tabbed])));
    expect([row![1], row![4], row![6], row![8]]).toEqual(["'@SUM(A1)", "'=HYPERLINK(\"http://evil\")", "'+cmd", "'-1"]);
    expect([tabRow![1], tabRow![4]]).toEqual(["'\tTab", "'\rCR"]);
  });
});
