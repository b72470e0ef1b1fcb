"use client";

import { useTerminology } from "@/components/shell/use-terminology";

type Limited = { customerIds: string[] | null; customerNames: string[] | null; credentialGroupIds: string[] | null; credentialGroupNames: string[] | null };

/** A key's limits in its list row: the customers and credential groups it is limited to, by name. */
export function KeyLimits({ apiKey }: { apiKey: Limited }) {
  const words = useTerminology();
  const limits = [
    apiKey.customerIds ? { label: words.customers, names: apiKey.customerNames ?? [] } : null,
    apiKey.credentialGroupIds ? { label: "Credential groups", names: apiKey.credentialGroupNames ?? [] } : null,
  ].filter((l) => l !== null);
  return limits.map((l) => (
    <span key={l.label} className="block text-xs text-slate-600 dark:text-slate-400">
      {/* A limit whose rows were all deleted still limits: to nothing. */}
      {l.label} only: {l.names.length > 0 ? l.names.join(", ") : "none left"}
    </span>
  ));
}
