import Link from "next/link";
import { formMessageOf, isTwoFactorRequired, type ErrorLike } from "@/components/forms/trpc-errors";
import { Alert } from "@/components/ui/alert";
import { linkClasses } from "@/components/ui/link-classes";

/** A failed query, with the way out when the workspace requires two-factor the user does not have. */
export function QueryError({ error, onRetry }: { error: ErrorLike; onRetry?: () => void }) {
  return (
    <Alert tone="error">
      <span>{formMessageOf(error) ?? "Something went wrong."}</span>{" "}
      {isTwoFactorRequired(error) ? (
        <Link href="/account/security" className={linkClasses}>
          Set it up in account security
        </Link>
      ) : onRetry && (error?.data?.httpStatus ?? 500) >= 500 ? (
        <button type="button" onClick={onRetry} className={linkClasses}>
          Try again
        </button>
      ) : null}
    </Alert>
  );
}
