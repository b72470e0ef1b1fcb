import type { z } from "zod";
import type { FieldErrors } from "./trpc-errors";

/** Client-side check with the same zod rules the server applies; returns the first message per field. */
export function validate<T extends z.ZodType>(schema: T, values: z.input<T>): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}
