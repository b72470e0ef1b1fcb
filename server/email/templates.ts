import { escapeHtml, layout, type UserEmail } from "./compose";

/** Account mail: a few paragraphs and, optionally, one button. All user text is escaped. */
function userEmail(opts: { subject: string; paragraphs: string[]; action?: { label: string; url: string }; footer: string }): UserEmail {
  const { text, html } = layout({
    bodyText: opts.paragraphs,
    bodyHtml: opts.paragraphs.map((p) => `<p style="line-height:1.5">${escapeHtml(p)}</p>`).join("\n"),
    action: opts.action,
    footer: opts.footer,
  });
  return { audience: "user", subject: opts.subject, text, html };
}

export function signUpConfirmationEmail(p: { name: string; companyName: string; url: string }) {
  return userEmail({
    subject: "Confirm your email to create your Vaultline workspace",
    paragraphs: [
      `Hello ${p.name},`,
      `Confirm that this is your email address to finish creating the workspace ${p.companyName}. You will enter the password you chose. The link works for 24 hours.`,
    ],
    action: { label: "Create my workspace", url: p.url },
    footer: "If you did not sign up for Vaultline, ignore this email: nothing is created without this link.",
  });
}

/** Sent instead of a confirmation link when the address already has an account, so sign-up never says so. */
export function signUpAttemptEmail(p: { name: string; loginUrl: string; resetUrl: string }) {
  return userEmail({
    subject: "Someone tried to sign up with your email address",
    paragraphs: [
      `Hello ${p.name},`,
      "Someone, perhaps you, tried to create a new Vaultline workspace with this email address. It already has an account, so nothing was created.",
      `If it was you, sign in instead. Forgot your password? Ask for a new one at ${p.resetUrl}`,
    ],
    action: { label: "Sign in", url: p.loginUrl },
    footer: "If it was not you, ignore this email: your account is unchanged.",
  });
}

export function verificationEmail(p: { name: string; url: string }) {
  return userEmail({
    subject: "Confirm your email address",
    paragraphs: [`Hello ${p.name},`, "Please confirm that this is your email address. The link works for 24 hours."],
    action: { label: "Confirm email", url: p.url },
    footer: "If you did not create a Vaultline account, you can ignore this email.",
  });
}

export function passwordResetEmail(p: { name: string; url: string }) {
  return userEmail({
    subject: "Reset your Vaultline password",
    paragraphs: [
      `Hello ${p.name},`,
      "Someone asked to reset the password of your Vaultline account. The link works once, for 30 minutes. Two-factor authentication still applies when you sign in.",
    ],
    action: { label: "Choose a new password", url: p.url },
    footer: "If you did not ask for this, ignore this email: your password stays as it is.",
  });
}

export function invitationEmail(p: { tenantName: string; inviterName: string; roleLabel: string; url: string }) {
  return userEmail({
    subject: `${p.inviterName} invited you to ${p.tenantName} on Vaultline`,
    paragraphs: [
      `${p.inviterName} invited you to join ${p.tenantName} on Vaultline as ${p.roleLabel}.`,
      "The invitation is valid for 7 days.",
    ],
    action: { label: "Accept invitation", url: p.url },
    footer: "If you were not expecting this invitation, you can ignore this email.",
  });
}

export function twoFactorResetEmail(p: { tenantName: string; name: string; ownerName: string }) {
  return userEmail({
    subject: "Your two-factor authentication was reset",
    paragraphs: [
      `Hello ${p.name},`,
      `${p.ownerName}, an owner of ${p.tenantName}, reset the two-factor authentication of your Vaultline account. Your next sign-in will ask you to set it up again.`,
    ],
    footer: "If you did not ask for this, contact your administrator at once.",
  });
}

export function lockoutEmail(p: { name: string; minutes: number }) {
  return userEmail({
    subject: "Your Vaultline account was locked",
    paragraphs: [
      `Hello ${p.name},`,
      `After several failed sign-in attempts your account is locked for ${p.minutes} minutes. If this was not you, consider changing your password.`,
    ],
    footer: "This is an automatic security notice.",
  });
}

export function passwordChangedEmail(p: { name: string }) {
  return userEmail({
    subject: "Your Vaultline password was changed",
    paragraphs: [
      `Hello ${p.name},`,
      "The password of your Vaultline account was just changed from your account's security page. Every other session of your account was signed out.",
    ],
    footer: "If you did not do this, reset your password at once from the sign-in page and tell your administrator.",
  });
}

export function signInCodeEmail(p: { name: string; code: string; minutes: number }) {
  return userEmail({
    subject: `Your Vaultline sign-in code: ${p.code}`,
    paragraphs: [
      `Hello ${p.name},`,
      `Your code to finish signing in to Vaultline is ${p.code}. It works once, for ${p.minutes} minutes, and only in the browser where you entered your password.`,
    ],
    footer: "If you did not try to sign in, someone knows your password: change it at once and tell your administrator.",
  });
}
