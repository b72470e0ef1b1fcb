import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { sendEmail } from "@/server/email/send-email";
import { passwordResetEmail } from "@/server/email/templates";
import { bareTenant } from "../support/db";

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

  beforeAll(async () => {
    server = await fakeResend(received, () => answer);
    process.env.RESEND_API_KEY = "re_test_key";
    process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    delete process.env.RESEND_API_KEY;
    delete process.env.RESEND_BASE_URL;
    server.close();
  });

  it("hands the email to Resend and keeps a copy without the secret link", async () => {
    const tenant = await bareTenant("Resend MSP");
    const url = "http://localhost:3000/reset-password?token=SECRET-TOKEN-abc123";
    await sendEmail(tenant.id, "tech@example.test", passwordResetEmail({ tenantName: tenant.name, name: "Tech", url }), url);

    const request = received.at(-1)!;
    expect(request.path).toBe("/emails");
    expect(request.auth).toBe("Bearer re_test_key");
    expect(request.body).toMatchObject({ to: "tech@example.test", subject: "Reset your Vaultline password" });
    expect(String(request.body.text)).toContain(url);
    expect(String(request.body.html)).toContain("Choose a new password");

    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(emailOutbox));
    expect(row).toMatchObject({ transport: "resend", providerId: `email_${received.length}`, error: null });
    expect(row!.text).not.toContain("SECRET-TOKEN-abc123");
    expect(row!.html).not.toContain("SECRET-TOKEN-abc123");
  });

  it("records Resend's refusal on the outbox row", async () => {
    answer = 422;
    const tenant = await bareTenant("Resend MSP 2");
    await sendEmail(tenant.id, "bad@example.test", passwordResetEmail({ tenantName: tenant.name, name: "X", url: "http://x/y" }));
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(emailOutbox));
    expect(row!.providerId).toBeNull();
    expect(row!.error).toContain("Invalid `to` field.");
    answer = 200;
  });
});
