import { Badge } from "@/components/ui/badge";

export type PolicyRow = {
  id: string;
  name: string;
  builtIn: "low" | "medium" | "strong" | null;
  isDefault: boolean;
  minLength: number;
  maxLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  forbiddenCharacters: string;
  maxAgeDays: number | null;
  noReuseLast: number;
};

/** One policy's rules in words, for the policies table. */
export function PolicySummary({ policy }: { policy: PolicyRow }) {
  const classes = [
    policy.requireLowercase && "lowercase",
    policy.requireUppercase && "uppercase",
    policy.requireDigit && "digit",
    policy.requireSymbol && "symbol",
  ].filter(Boolean);
  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
        {policy.name}
        {policy.builtIn ? <Badge>Built-in</Badge> : null}
        {policy.isDefault ? <Badge tone="info">Default</Badge> : null}
      </p>
      <p className="text-xs text-slate-600">
        {policy.minLength}–{policy.maxLength} characters
        {classes.length ? `, with ${classes.join(", ")}` : ""}
        {policy.forbiddenCharacters ? `, never ${policy.forbiddenCharacters}` : ""}
        {" · "}
        {policy.maxAgeDays ? `expires after ${policy.maxAgeDays} days` : "never expires"}
        {policy.noReuseLast ? ` · no reuse of the last ${policy.noReuseLast}` : ""}
      </p>
    </div>
  );
}
