"use client";

import { Button } from "@/components/ui/button";
import { controlClasses, Input } from "@/components/ui/input";
import { ssoGrantableRoles, type SsoRoleMapping } from "@/lib/sso";
import { roleLabels } from "@/lib/validation";

/** The claim value → role table: the first row whose value the IdP sent decides a new member's role. */
export function RoleMappingsField({ value, onChange }: { value: SsoRoleMapping[]; onChange: (next: SsoRoleMapping[]) => void }) {
  const set = (index: number, change: Partial<SsoRoleMapping>) => onChange(value.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Role mappings</legend>
      {value.length === 0 ? <p className="text-sm text-slate-600">No mappings: everyone gets the default role.</p> : null}
      {value.map((row, index) => (
        <div key={index} className="flex flex-wrap items-center gap-2">
          <Input
            aria-label={`Claim value ${index + 1}`}
            value={row.claim}
            onChange={(e) => set(index, { claim: e.target.value })}
            placeholder="Group name or id"
            className="min-w-0 flex-1"
          />
          <select
            aria-label={`Role for claim value ${index + 1}`}
            value={row.role}
            onChange={(e) => set(index, { role: e.target.value as SsoRoleMapping["role"] })}
            className={`${controlClasses} w-auto`}
          >
            {ssoGrantableRoles.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
          <Button variant="secondary" size="sm" onClick={() => onChange(value.filter((_, i) => i !== index))} aria-label={`Remove mapping ${index + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => onChange([...value, { claim: "", role: "technician" }])}>
        Add mapping
      </Button>
    </fieldset>
  );
}
