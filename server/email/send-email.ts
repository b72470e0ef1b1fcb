import "server-only";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { dataDir, withTenant } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import type { RenderedEmail, TenantEmail, UserEmail } from "./compose";
import { writeMailboxMessage } from "./mailbox";

/** The public base URL for links in emails. */
export function appUrl(): string {
  return (process.env.VAULTLINE_APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

let memoryMailDir: string | undefined;

/**
 * Where embedded mode keeps account mail for the operator: VAULTLINE_MAIL_DIR, else `mail/` in the data directory
 * (beside the master key, with the same owner-only access). When the data lives in memory, the mail gets a private
 * temporary directory of its own, made once per process: it is as short-lived as that data.
 */
export function userMailDir(): string {
  if (process.env.VAULTLINE_MAIL_DIR) return path.resolve(/*turbopackIgnore: true*/ process.env.VAULTLINE_MAIL_DIR);
  if (process.env.VAULTLINE_DATA_DIR === "memory://") {
    memoryMailDir ??= mkdtempSync(path.join(tmpdir(), "vaultline-mail-"));
    return memoryMailDir;
  }
  return path.join(dataDir(), "mail");
}

/** How account mail reaches people: Resend when RESEND_API_KEY is set, else the operator's mailbox directory. */
export function userMailDelivery(): { kind: "resend"; apiKey: string } | { kind: "mailbox"; dir: string } {
  const apiKey = process.env.RESEND_API_KEY;
  return apiKey ? { kind: "resend", apiKey } : { kind: "mailbox", dir: userMailDir() };
}

/**
 * Sends mail about a workspace's activity. It is kept in the workspace's outbox, where its owners and admins read
 * it; with RESEND_API_KEY set it is also handed to Resend, after the outbox row commits, so no transaction waits
 * on the network. Only TenantEmail is accepted: account mail, whose links are bearer tokens, cannot be filed here.
 */
export async function sendTenantEmail(tenantId: string, to: string, email: TenantEmail): Promise<void> {
  const resendKey = process.env.RESEND_API_KEY;
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .insert(emailOutbox)
      .values({ tenantId, to, subject: email.subject, text: email.text, html: email.html, transport: resendKey ? "resend" : "outbox" })
      .returning({ id: emailOutbox.id }),
  );
  if (!resendKey || !row) return;
  const sent = await sendThroughResend(resendKey, to, email);
  await withTenant(tenantId, (tx) =>
    tx
      .update(emailOutbox)
      .set(sent.error ? { error: sent.error } : { providerId: sent.providerId })
      .where(and(eq(emailOutbox.tenantId, tenantId), eq(emailOutbox.id, row.id))),
  );
}

/**
 * Sends mail to one person about their own account. With RESEND_API_KEY set it goes through Resend and is stored
 * nowhere; otherwise it is filed in the operator's mailbox (userMailDir(), read with `npm run mail`). Never a
 * workspace's outbox: an admin there could use another person's link. A refusal by Resend is logged without the
 * message, whose links must not reach a log.
 */
export async function sendUserEmail(to: string, email: UserEmail): Promise<void> {
  const delivery = userMailDelivery();
  if (delivery.kind === "mailbox") {
    await writeMailboxMessage(delivery.dir, { to, subject: email.subject, text: email.text });
    return;
  }
  const sent = await sendThroughResend(delivery.apiKey, to, email);
  if (sent.error) console.error(`[email] Resend refused "${email.subject}" to ${to}: ${sent.error}`);
}

async function sendThroughResend(apiKey: string, to: string, email: RenderedEmail) {
  const { Resend } = await import("resend");
  const { data, error } = await new Resend(apiKey).emails.send({
    from: process.env.EMAIL_FROM ?? "Vaultline <no-reply@vaultline.local>",
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
  });
  return error
    ? { providerId: null, error: `${error.name}: ${error.message}`.slice(0, 500) }
    : { providerId: data?.id ?? null, error: null };
}
