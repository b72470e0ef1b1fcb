"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPCClient } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";

const PERIOD = 30;
/** Codes refresh by themselves for this long, then the cell goes back to "Show code" (each code is audited). */
const SHOW_FOR_MS = 120_000;

/** The current TOTP code of a credential with a countdown ring; a new code is fetched when the period ends. */
export function TotpCell({ tenant, credentialId, name }: { tenant: string; credentialId: string; name: string }) {
  const client = useTRPCClient();
  const [code, setCode] = useState<{ code: string; expiresAt: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shownUntil = useRef(0);

  const fetchCode = useCallback(async () => {
    setPending(true);
    setError(null);
    try {
      const result = await client.credentials.totpCode.mutate({ tenant, id: credentialId });
      setCode({ code: result.code, expiresAt: Date.now() + result.secondsLeft * 1000 });
    } catch (e) {
      setCode(null);
      setError(formMessageOf(e as ErrorLike));
    } finally {
      setPending(false);
    }
  }, [client, tenant, credentialId]);

  useEffect(() => {
    if (!code) return;
    const timer = window.setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= code.expiresAt) {
        window.clearInterval(timer);
        if (t < shownUntil.current) void fetchCode();
        else setCode(null);
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [code, fetchCode]);

  if (!code) {
    return (
      <div>
        <Button
          size="sm"
          variant="secondary"
          className="px-2 py-1 text-xs whitespace-nowrap"
          pending={pending}
          aria-label={`Show TOTP code of ${name}`}
          onClick={() => {
            shownUntil.current = Date.now() + SHOW_FOR_MS;
            void fetchCode();
          }}
        >
          Show code
        </Button>
        {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
      </div>
    );
  }

  const secondsLeft = Math.max(0, Math.ceil((code.expiresAt - now) / 1000));
  const r = 8;
  const circumference = 2 * Math.PI * r;
  return (
    <div className="flex items-center gap-2">
      <span className="font-mono text-sm font-semibold tracking-wider whitespace-nowrap text-slate-900 select-all" data-testid="totp-code">
        {code.code.slice(0, 3)} {code.code.slice(3)}
      </span>
      <span className="relative inline-flex size-6 items-center justify-center" title={`${secondsLeft} s left`}>
        <svg viewBox="0 0 20 20" className="absolute size-6 -rotate-90" aria-hidden="true">
          <circle cx="10" cy="10" r={r} fill="none" stroke="currentColor" strokeWidth="2" className="text-slate-200" />
          <circle
            cx="10"
            cy="10"
            r={r}
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeDasharray={circumference}
            strokeDashoffset={circumference * (1 - secondsLeft / PERIOD)}
            className={secondsLeft <= 5 ? "text-red-500" : "text-blue-600"}
          />
        </svg>
        <span className="text-[10px] font-medium text-slate-700">
          {secondsLeft}
          <span className="sr-only"> seconds left</span>
        </span>
      </span>
    </div>
  );
}
