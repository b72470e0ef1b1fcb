import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { TEST_MASTER_KEY } from "../support/database-target";

const run = promisify(execFile);

describe("demo workspace", () => {
  it("seeds Demo MSP with customers, contacts, both device kinds and their passwords, once", async () => {
    // A separate process with its own empty in-memory database: the seed runs only when there are no tenants.
    const { stdout } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/run-demo-seed.mts"], {
      env: { ...process.env, DATABASE_URL: "", VAULTLINE_DATA_DIR: "memory://", VAULTLINE_MASTER_KEY: TEST_MASTER_KEY },
      timeout: 90_000,
    });
    const seeded = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(seeded).toMatchObject({
      tenantName: "Demo MSP",
      email: "demo@vaultline.local",
      seededTwice: false,
      customers: 3,
      contacts: 5,
      agentDevices: 4,
      nonAgentDevices: 5,
      credentials: 15,
      onContacts: 3,
    });
    expect(seeded.passwordLength).toBeGreaterThanOrEqual(16);
    expect(Object.fromEntries(seeded.onDevices.map((d: { kind: string; n: number }) => [d.kind, d.n]))).toEqual({ agent: 4, non_agent: 5 });
  }, 120_000);
});
