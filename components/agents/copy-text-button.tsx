"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies a piece of text (not a vault secret: no clearing) and says so for two seconds. */
export function CopyTextButton({ text, label, copiedLabel = "Copied" }: { text: string; label: string; copiedLabel?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = window.setTimeout(() => setState("idle"), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={() => {
        if (!navigator.clipboard) return setState("failed");
        navigator.clipboard.writeText(text).then(
          () => setState("copied"),
          () => setState("failed"),
        );
      }}
    >
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? "Copy failed: select and copy by hand" : label}</span>
    </Button>
  );
}
