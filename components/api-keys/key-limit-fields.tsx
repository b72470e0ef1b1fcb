"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { LimitPicker } from "./limit-picker";

/** A key's limits as the form holds them: null is "no limit of that kind", a list the chosen rows. */
export type KeyLimitsDraft = { customerIds: string[] | null; credentialGroupIds: string[] | null };

/** The customers and credential groups a key is limited to, for creating a key and for changing a live one's. */
export function KeyLimitFields({
  tenant,
  value,
  onChange,
  errors,
}: {
  tenant: string;
  value: KeyLimitsDraft;
  onChange: (next: KeyLimitsDraft) => void;
  errors: Record<string, string | undefined>;
}) {
  const trpc = useTRPC();
  const words = useTerminology();
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ tenant, pageSize: 100 }), enabled: value.customerIds !== null });
  const groups = useQuery({ ...trpc.credentialGroups.list.queryOptions({ tenant }), enabled: value.credentialGroupIds !== null });
  const set = (key: keyof KeyLimitsDraft, next: string[] | null) => onChange({ ...value, [key]: next });
  return (
    <>
      <LimitPicker
        id="api-key-customers"
        legend={words.customers}
        allLabel={`all ${words.customers.toLowerCase()} the owner sees`}
        all={value.customerIds === null}
        onAllChange={(all) => set("customerIds", all ? null : [])}
        options={customers.data?.items.map((c) => ({ value: c.id, label: c.name }))}
        loading={customers.isPending}
        selected={value.customerIds ?? []}
        onChange={(next) => set("customerIds", next)}
        empty={`No ${words.customers.toLowerCase()} yet.`}
        error={errors.customerIds}
      />
      <LimitPicker
        id="api-key-groups"
        legend="Credential groups"
        allLabel="no group limit"
        all={value.credentialGroupIds === null}
        onAllChange={(all) => set("credentialGroupIds", all ? null : [])}
        options={groups.data?.map((g) => ({ value: g.id, label: g.name, hint: g.kind }))}
        loading={groups.isPending}
        selected={value.credentialGroupIds ?? []}
        onChange={(next) => set("credentialGroupIds", next)}
        empty="No credential groups yet: create one under Settings → Credential groups."
        error={errors.credentialGroupIds}
      />
      <p className="text-xs text-slate-600 dark:text-slate-400">
        A key limited to credential groups sees only the passwords in them, and the {words.customers.toLowerCase()}, contacts and devices holding those.
      </p>
    </>
  );
}
