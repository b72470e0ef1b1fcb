import "server-only";
import { eq, and } from "drizzle-orm";
import { withTenant } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import type { RenderedEmail } from "./templates";

/** The public base URL for links in emails. */
export function appUrl(): string {
  return (process.env.VAULTLINE_APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "");
}

/**
 * Sends an email on behalf of a tenant. Every email is kept in the tenant's outbox; with RESEND_API_KEY set it
 * is also handed to Resend — after the outbox row commits, so no transaction waits on the network.
 * `secretLink` (a reset or invitation link) is withheld from the stored copy when Resend delivers, so admins
 * reading the outbox cannot use another person's link; in embedded mode the outbox IS the delivery.
 */
export async function sendEmail(tenantId: string, to: string, email: RenderedEmail, secretLink?: string) {
  const resendKey = process.env.RESEND_API_KEY;
  const stored =
    resendKey && secretLink
      ? { ...email, text: withheld(email.text, secretLink), html: withheld(email.html, secretLink) }
      : email;
  const [row] = await withTenant(tenantId, (tx) =>
    tx
      .insert(emailOutbox)
      .values({ tenantId, to, ...stored, transport: resendKey ? "resend" : "outbox" })
      .returning({ id: emailOutbox.id }),
  );
  if (!resendKey || !row) return;
  const { Resend } = await import("resend");
  const resend = new Resend(resendKey);
  const { data, error } = await resend.emails.send({
    from: process.env.EMAIL_FROM ?? "Vaultline <no-reply@vaultline.local>",
    to,
    subject: email.subject,
    text: email.text,
    html: email.html,
  });
  await withTenant(tenantId, (tx) =>
    tx
      .update(emailOutbox)
      .set(error ? { error: `${error.name}: ${error.message}`.slice(0, 500) } : { providerId: data?.id ?? null })
      .where(and(eq(emailOutbox.tenantId, tenantId), eq(emailOutbox.id, row.id))),
  );
}

function withheld(body: string, link: string) {
  return body.split(link).join("[link withheld: delivered by email]").split(link.replace(/&/g, "&amp;")).join("[link withheld]");
}
