import { z } from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

/** Shared by forms (instant feedback) and routers (the rule). Messages name the field and the reason. */
export const zEmail = z
  .string({ error: "Email is required." })
  .trim()
  .toLowerCase()
  .min(3, "Email is required.")
  .max(254, "Email must be at most 254 characters.")
  .pipe(z.email({ error: "Email must be a valid address, like name@example.com." }));

export const zPersonName = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.");

/** The name of an MSP: asked as its company name at sign-up, shown and renamed as the workspace's name. */
const organisationName = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(2, `${label} must be at least 2 characters.`)
    .max(100, `${label} must be at most 100 characters.`);

export const zCompanyName = organisationName("Company name");
export const zWorkspaceName = organisationName("Workspace name");

export const zNewPassword = z
  .string({ error: "Password is required." })
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`);

/** A password being checked, not set: any length up to the cap, so old passwords still work. */
export const zPassword = z
  .string({ error: "Password is required." })
  .min(1, "Password is required.")
  .max(MAX_PASSWORD_LENGTH, `Password must be at most ${MAX_PASSWORD_LENGTH} characters.`);

export const zSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "Workspace must be 3–40 lowercase letters, digits or hyphens.");

export const zToken = z.string().min(20, "The link is incomplete.").max(200, "The link is malformed.");

export const zTotpCode = z
  .string({ error: "Code is required." })
  .trim()
  .regex(/^\d{6}$/, "Code must be the 6 digits shown in your authenticator app.");

/** A TOTP code or a backup code (xxxx-xxxx-xxxx). */
export const zSecondFactor = z
  .string({ error: "Code is required." })
  .trim()
  .toLowerCase()
  .regex(/^(\d{6}|[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})$/, "Enter the 6-digit code or a backup code (xxxx-xxxx-xxxx).");

export const memberRoleValues = ["owner", "admin", "technician", "auditor", "readonly"] as const;
export type MemberRole = (typeof memberRoleValues)[number];
export const zRole = z.enum(memberRoleValues, { error: "Role must be owner, admin, technician, auditor or readonly." });

export const roleLabels: Record<MemberRole, string> = {
  owner: "Owner",
  admin: "Admin",
  technician: "Technician",
  auditor: "Auditor",
  readonly: "Read-only",
};

/** True when `role` is at or above `minRole` in owner > admin > technician > auditor > readonly. */
export function roleAtLeast(role: MemberRole, minRole: MemberRole): boolean {
  return memberRoleValues.indexOf(role) <= memberRoleValues.indexOf(minRole);
}
