import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: {
      /** The query may legitimately answer UNAUTHORIZED (e.g. "am I signed in?"): do not send the user to sign in. */
      allowSignedOut?: boolean;
    };
  }
}

function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (data && typeof data === "object" && "httpStatus" in data && typeof data.httpStatus === "number") {
    return data.httpStatus;
  }
  return undefined;
}

/** A session that ended (idle timeout, revoked elsewhere) sends the user back to sign in, then here again. */
function redirectToLogin() {
  if (typeof window === "undefined") return;
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname === "/login") return;
  // A full page load on purpose: it drops every cached query of the ended session.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}`);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(error, query) {
        if (httpStatusOf(error) === 401 && !query.meta?.allowSignedOut) redirectToLogin();
      },
    }),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // 4xx answers (not found, forbidden, bad input) will not change on a retry.
        retry: (failureCount, error) => {
          const status = httpStatusOf(error);
          if (status !== undefined && status >= 400 && status < 500) return false;
          return failureCount < 2;
        },
        refetchOnWindowFocus: false,
      },
    },
  });
}
