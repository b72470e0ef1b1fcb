"use client";

import { useDeferredValue, useMemo } from "react";
import { assessPassword } from "@/lib/password-strength";

const barColors = ["bg-red-500", "bg-red-500", "bg-amber-500", "bg-green-500", "bg-green-600"] as const;

/**
 * Live strength of a new password, with the same rule the server applies (zxcvbn score ≥ 3). `related` are
 * words the password must not lean on: the user's name, email, company.
 */
export function PasswordStrengthMeter({ password, related }: { password: string; related: string[] }) {
  const deferred = useDeferredValue(password);
  const relatedKey = related.join("\u0000");
  const assessment = useMemo(
    () => (deferred ? assessPassword(deferred, relatedKey.split("\u0000").filter(Boolean)) : null),
    [deferred, relatedKey],
  );
  if (!assessment) return <span>At least 12 characters. A few unrelated words make a strong password.</span>;
  const filled = assessment.score + 1;
  return (
    <span className="block" aria-live="polite">
      <span className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <span key={i} className={`h-1.5 flex-1 rounded-full ${i < filled ? barColors[assessment.score] : "bg-slate-200"}`} />
        ))}
      </span>
      <span className="mt-1 block">
        <span className={`font-medium ${assessment.acceptable ? "text-green-700" : "text-slate-700"}`}>Strength: {assessment.label}</span>
        {assessment.problem ? <span className="text-slate-600"> — {assessment.problem}</span> : null}
      </span>
    </span>
  );
}
