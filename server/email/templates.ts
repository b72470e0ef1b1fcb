/** An email in both forms: every client shows one of them. */
export type RenderedEmail = { subject: string; text: string; html: string };

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** One layout for every email: a paragraph or two and, optionally, one button. All user text is escaped. */
function render(opts: {
  subject: string;
  tenantName: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer: string;
}): RenderedEmail {
  const text = [
    ...opts.paragraphs,
    ...(opts.action ? [`${opts.action.label}: ${opts.action.url}`] : []),
    "",
    `— ${opts.tenantName} on Vaultline`,
    opts.footer,
  ].join("\n\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#0f172a;background:#f8fafc;padding:24px">
<table role="presentation" style="max-width:560px;margin:auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<tr><td><p style="font-weight:600;margin:0 0 16px">${escapeHtml(opts.tenantName)} · Vaultline</p>
${opts.paragraphs.map((p) => `<p style="line-height:1.5">${escapeHtml(p)}</p>`).join("\n")}
${
  opts.action
    ? `<p><a href="${escapeHtml(opts.action.url)}" style="display:inline-block;background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(opts.action.label)}</a></p>
<p style="font-size:12px;color:#64748b">Or paste this link into your browser: ${escapeHtml(opts.action.url)}</p>`
    : ""
}
<p style="font-size:12px;color:#64748b">${escapeHtml(opts.footer)}</p></td></tr></table></body></html>`;
  return { subject: opts.subject, text, html };
}

export function verificationEmail(p: { tenantName: string; name: string; url: string }) {
  return render({
    subject: "Confirm your email address",
    tenantName: p.tenantName,
    paragraphs: [`Hello ${p.name},`, "Please confirm that this is your email address. The link works for 24 hours."],
    action: { label: "Confirm email", url: p.url },
    footer: "If you did not create a Vaultline account, you can ignore this email.",
  });
}

export function passwordResetEmail(p: { tenantName: string; name: string; url: string }) {
  return render({
    subject: "Reset your Vaultline password",
    tenantName: p.tenantName,
    paragraphs: [
      `Hello ${p.name},`,
      "Someone asked to reset the password of your Vaultline account. The link works once, for 30 minutes. Two-factor authentication still applies when you sign in.",
    ],
    action: { label: "Choose a new password", url: p.url },
    footer: "If you did not ask for this, ignore this email: your password stays as it is.",
  });
}

export function invitationEmail(p: { tenantName: string; inviterName: string; roleLabel: string; url: string }) {
  return render({
    subject: `${p.inviterName} invited you to ${p.tenantName} on Vaultline`,
    tenantName: p.tenantName,
    paragraphs: [
      `${p.inviterName} invited you to join ${p.tenantName} on Vaultline as ${p.roleLabel}.`,
      "The invitation is valid for 7 days.",
    ],
    action: { label: "Accept invitation", url: p.url },
    footer: "If you were not expecting this invitation, you can ignore this email.",
  });
}

export function twoFactorResetEmail(p: { tenantName: string; name: string; ownerName: string }) {
  return render({
    subject: "Your two-factor authentication was reset",
    tenantName: p.tenantName,
    paragraphs: [
      `Hello ${p.name},`,
      `${p.ownerName} reset the two-factor authentication of your Vaultline account. Your next sign-in will ask you to set it up again.`,
    ],
    footer: "If you did not ask for this, contact your administrator at once.",
  });
}

export function lockoutEmail(p: { tenantName: string; name: string; minutes: number }) {
  return render({
    subject: "Your Vaultline account was locked",
    tenantName: p.tenantName,
    paragraphs: [
      `Hello ${p.name},`,
      `After several failed sign-in attempts your account is locked for ${p.minutes} minutes. If this was not you, consider changing your password.`,
    ],
    footer: "This is an automatic security notice.",
  });
}
