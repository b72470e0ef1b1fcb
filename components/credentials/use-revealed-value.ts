"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { SECRET_TTL_MS } from "./clipboard";

/** A revealed secret held in component state only, and dropped again after `ttlMs` (or on unmount). */
export function useRevealedValue(ttlMs = SECRET_TTL_MS) {
  const [value, setValue] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    setValue(null);
  }, []);
  const show = useCallback(
    (next: string) => {
      window.clearTimeout(timer.current);
      setValue(next);
      timer.current = window.setTimeout(() => setValue(null), ttlMs);
    },
    [ttlMs],
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return { value, show, hide };
}
