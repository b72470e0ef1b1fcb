import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { digestEmail } from "@/server/email/notification-templates";
import { sendTenantEmail, sendUserEmail } from "@/server/email/send-email";
import { passwordResetEmail } from "@/server/email/templates";
import { callerAs, newTenant, settleBackground, userMail } from "../support/actors";
import { bareTenant, ownerDb } from "../support/db";

type Received = { path: string; auth: string | undefined; body: Record<string, unknown> };

/** A local stand-in for the Resend API: records requests, answers like Resend does. */
function fakeResend(received: Received[], status: () => number): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", auth: req.headers.authorization, body: JSON.parse(raw || "{}") });
      const code = status();
      res.writeHead(code, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          code === 200 ? { id: `email_${received.length}` } : { name: "validation_error", message: "Invalid `to` field.", statusCode: code },
        ),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

describe("email through Resend", () => {
  const received: Received[] = [];
  let answer = 200;
  let server: Server;
  let owner: Awaited<ReturnType<typeof newTenant>>;

  beforeAll(async () => {
    owner = await newTenant(); // before Resend is on: its sign-up link comes from the operator's mailbox
    server = await fakeResend(received, () => answer);
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    server.close();
  });

  const digest = (tenantName: string) =>
    digestEmail({ tenantName, date: new Date(), entries: [{ type: "revealed", summary: "Olivia revealed \"Core switch\".", url: "http://localhost:3000/x/passwords", occurredAt: new Date() }] });

  it("hands workspace mail to Resend and keeps a copy in the workspace's outbox", async () => {
    const tenant = await bareTenant("Resend MSP");
    await sendTenantEmail(tenant.id, "tech@example.test", digest(tenant.name));

    const request = received.at(-1)!;
    expect(request.path).toBe("/emails");
    expect(request.auth).toBe("Bearer re_test_key");
    expect(request.body).toMatchObject({ to: "tech@example.test", subject: expect.stringContaining("daily password digest") });
    expect(String(request.body.text)).toContain("Core switch");
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(emailOutbox));
    expect(row).toMatchObject({ transport: "resend", providerId: `email_${received.length}`, error: null, to: "tech@example.test" });
  });

  it("records Resend's refusal of workspace mail on the outbox row", async () => {
    answer = 422;
    const tenant = await bareTenant("Resend MSP 2");
    await sendTenantEmail(tenant.id, "bad@example.test", digest(tenant.name));
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(emailOutbox));
    expect(row!.providerId).toBeNull();
    expect(row!.error).toContain("Invalid `to` field.");
    answer = 200;
  });

  it("sends account mail through Resend and stores it nowhere: no outbox row, no mailbox file", async () => {
    await callerAs(null).auth.requestPasswordReset({ email: owner.email });
    await settleBackground();

    const request = received.at(-1)!;
    expect(request.body).toMatchObject({ to: owner.email, subject: "Reset your Vaultline password" });
    const link = String(request.body.text).match(/\/reset-password\?token=[A-Za-z0-9_%-]+/);
    expect(link).not.toBeNull();
    expect(String(request.body.html)).toContain("Choose a new password");
    const db = await ownerDb();
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.to, owner.email))).toEqual([]);
    expect((await userMail(owner.email)).map((m) => m.subject)).not.toContain("Reset your Vaultline password");
  });

  it("logs Resend's refusal of account mail without its link", async () => {
    answer = 422;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const url = "http://localhost:3000/reset-password?token=SECRET-TOKEN-abc123";
      await sendUserEmail("bad@example.test", passwordResetEmail({ name: "X", url }));
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]![0])).toContain("Invalid `to` field.");
      expect(String(logged.mock.calls[0]![0])).not.toContain("SECRET-TOKEN");
    } finally {
      logged.mockRestore();
      answer = 200;
    }
  });
});
