/** Where a request came from, for throttling and the audit trail. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

/**
 * The client address: the right-most X-Forwarded-For entry, which is the one added by the nearest proxy
 * (Next.js's own server adds it when there is none); left-most entries are client-supplied and spoofable.
 */
export function requestMeta(headers: Headers): RequestMeta {
  const forwarded = headers.get("x-forwarded-for");
  const ip = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1) ?? headers.get("x-real-ip") ?? null;
  return { ip, userAgent: headers.get("user-agent") };
}

/**
 * Hands a request's slow follow-up work (mail, and the lookups that decide it) to run once the response is sent,
 * so that how long a request takes cannot tell whether an account exists. The route handler backs it with Next's
 * after(); the tests run the work at once and wait for it before reading mail.
 */
export type AfterResponse = (task: () => Promise<void>) => void;
