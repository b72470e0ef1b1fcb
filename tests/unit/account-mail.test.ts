import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import type { TenantEmail, UserEmail } from "@/server/email/compose";
import { readMailbox, writeMailboxMessage } from "@/server/email/mailbox";
import { digestEmail } from "@/server/email/notification-templates";
import type { sendTenantEmail } from "@/server/email/send-email";
import * as accountTemplates from "@/server/email/templates";

describe("account mail and workspace mail are different types", () => {
  it("every account template makes account mail, which a workspace's outbox does not accept", () => {
    expectTypeOf<UserEmail>().not.toExtend<TenantEmail>();
    expectTypeOf<UserEmail>().not.toExtend<Parameters<typeof sendTenantEmail>[2]>();
    for (const template of Object.values(accountTemplates)) expectTypeOf(template).returns.toEqualTypeOf<UserEmail>();
    const reset = accountTemplates.passwordResetEmail({ name: "Uma", url: "http://localhost:3000/reset-password?token=x" });
    // @ts-expect-error account mail, whose links are bearer tokens, cannot be filed in a workspace's outbox
    const filed: Parameters<typeof sendTenantEmail>[2] = reset;
    expect(filed.audience).toBe("user");
    expect(digestEmail({ tenantName: "Acme", date: new Date(), entries: [] }).audience).toBe("tenant");
  });
});

describe("the operator's mailbox", () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), "vaultline-mailbox-test-")), "mail");
  });
  afterEach(() => rm(path.dirname(dir), { recursive: true, force: true }));

  it("keeps each message in a file only the server's user may read, in a directory only it may open", async () => {
    await writeMailboxMessage(dir, { to: "uma@example.test", subject: "Hello", text: "Body" });
    const names = await readdir(dir);
    expect(names).toHaveLength(1);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, names[0]!))).mode & 0o777).toBe(0o600);
    // The file name does not spell out the address.
    expect(names[0]).not.toContain("uma");
  });

  it("reads the newest first, one recipient's mail only (whatever the address's case), or none when empty", async () => {
    expect(await readMailbox(dir)).toEqual([]);
    for (const subject of ["first", "second", "third"]) await writeMailboxMessage(dir, { to: "uma@example.test", subject, text: subject });
    await writeMailboxMessage(dir, { to: "other@example.test", subject: "other", text: "other" });
    expect((await readMailbox(dir, { to: "Uma@Example.test" })).map((m) => m.subject)).toEqual(["third", "second", "first"]);
    expect((await readMailbox(dir, { limit: 2 })).map((m) => m.subject)).toEqual(["other", "third"]);
    const [message] = await readMailbox(dir, { to: "other@example.test" });
    expect(message).toEqual({ at: expect.any(String), to: "other@example.test", subject: "other", text: "other" });
  });

  it("`npm run mail` prints the newest messages with their links, oldest of them first", async () => {
    await writeMailboxMessage(dir, { to: "uma@example.test", subject: "Older", text: "Open http://localhost:3000/invite?token=older" });
    await writeMailboxMessage(dir, { to: "uma@example.test", subject: "Newer", text: "Open http://localhost:3000/reset-password?token=newer" });
    await writeMailboxMessage(dir, { to: "other@example.test", subject: "Not for Uma", text: "x" });
    const run = spawnSync("npm", ["run", "-s", "mail", "--", "--to", "uma@example.test"], {
      encoding: "utf8",
      env: { ...process.env, VAULTLINE_MAIL_DIR: dir },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain("Not for Uma");
    expect(run.stdout.indexOf("Subject: Older")).toBeLessThan(run.stdout.indexOf("Subject: Newer"));
    expect(run.stdout).toContain("http://localhost:3000/reset-password?token=newer");
  });
});
