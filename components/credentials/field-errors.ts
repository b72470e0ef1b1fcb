import type { FieldErrors } from "@/components/forms/trpc-errors";

/**
 * The message for one credential field from the server's fieldErrors, whose keys are zod paths
 * ("changes.username", "tags.2", "customFields.0.label") or a service's field name ("totp").
 */
export function errorFor(errors: FieldErrors, field: string): string | undefined {
  for (const [key, message] of Object.entries(errors)) {
    const path = key.replace(/^changes\./, "");
    if (path === field || path.startsWith(`${field}.`)) return message;
  }
  return undefined;
}
