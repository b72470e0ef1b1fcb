/** An email in both forms: every client shows one of them. */
export type RenderedEmail = { subject: string; text: string; html: string };

/**
 * Mail to one person about their own account: sign-up, reset and verification links, invitations, security
 * notices. Its links are bearer tokens and its news is that person's alone, so only sendUserEmail takes it: it
 * reaches that person (or, with no email provider, the operator's mailbox) and never a workspace's outbox.
 */
export type UserEmail = RenderedEmail & { readonly audience: "user" };

/**
 * Mail about a workspace's activity (notifications, digests, access requests), which its owners and admins may
 * read in its outbox: only sendTenantEmail takes it. Its links open pages of the app and carry no token.
 */
export type TenantEmail = RenderedEmail & { readonly audience: "tenant" };

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * One layout for every email: a heading, the body, optionally one button, a signature and a footer. `workspace`
 * names the workspace that speaks in tenant mail; account mail speaks as Vaultline. The caller escapes bodyHtml.
 */
export function layout(opts: {
  workspace?: string;
  bodyHtml: string;
  bodyText: string[];
  action?: { label: string; url: string };
  footer: string;
}): { text: string; html: string } {
  const text = [
    ...opts.bodyText,
    ...(opts.action ? [`${opts.action.label}: ${opts.action.url}`] : []),
    "",
    opts.workspace ? `— ${opts.workspace} on Vaultline` : "— Vaultline",
    opts.footer,
  ].join("\n\n");
  const heading = opts.workspace ? `${escapeHtml(opts.workspace)} · Vaultline` : "Vaultline";
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;background:#f8fafc;padding:24px">
<table role="presentation" style="max-width:600px;margin:auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<tr><td><p style="font-weight:600;margin:0 0 16px">${heading}</p>
${opts.bodyHtml}
${
  opts.action
    ? `<p><a href="${escapeHtml(opts.action.url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(opts.action.label)}</a></p>
<p style="font-size:12px;color:#64748b">Or paste this link into your browser: ${escapeHtml(opts.action.url)}</p>`
    : ""
}
<p style="font-size:12px;color:#64748b">${escapeHtml(opts.footer)}</p></td></tr></table></body></html>`;
  return { text, html };
}
