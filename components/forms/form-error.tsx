import { Alert } from "@/components/ui/alert";

/** The form-level error, shown above the submit button. */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return <Alert tone="error">{message}</Alert>;
}
