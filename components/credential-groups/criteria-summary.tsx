"use client";

import { useQuery } from "@tanstack/react-query";
import { deviceTypeLabels } from "@/components/customers/device-labels";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { useWorkspace } from "@/components/shell/workspace-context";
import { targetKindLabels } from "./criteria";
import type { CredentialGroupCriteria } from "./types";

/** A dynamic group's criteria in one line, e.g. "Device type: Firewall · Tags: vpn". */
export function CriteriaSummary({ criteria }: { criteria: CredentialGroupCriteria }) {
  const words = useTerminology();
  const trpc = useTRPC();
  const { tenant } = useWorkspace();
  // Names from the first page of customers (shared with the criteria form's cache); beyond it, a count.
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ tenant, pageSize: 100 }), enabled: Boolean(criteria.customerIds?.length) });
  const names = (criteria.customerIds ?? []).map((id) => customers.data?.items.find((c) => c.id === id)?.name);
  const customerNames = names.every(Boolean) ? (names as string[]) : null;
  const kinds = targetKindLabels(words);
  const parts: string[] = [];
  if (criteria.customerIds?.length) {
    parts.push(
      customerNames?.length
        ? `${words.customers}: ${customerNames.join(", ")}`
        : `${criteria.customerIds.length} ${criteria.customerIds.length === 1 ? words.customer.toLowerCase() : words.customers.toLowerCase()}`,
    );
  }
  if (criteria.targetKinds?.length) parts.push(criteria.targetKinds.map((k) => kinds[k]).join(" or "));
  if (criteria.deviceTypes?.length) parts.push(`Device type: ${criteria.deviceTypes.map((t) => deviceTypeLabels[t]).join(", ")}`);
  if (criteria.tags?.length) parts.push(`Tags: ${criteria.tags.join(", ")}`);
  if (criteria.namePattern) parts.push(`Description like “${criteria.namePattern}”`);
  if (criteria.usernamePattern) parts.push(`Username like “${criteria.usernamePattern}”`);
  if (criteria.domainPattern) parts.push(`Domain like “${criteria.domainPattern}”`);
  return <span className="block">{parts.length ? parts.join(" · ") : "Every password"}</span>;
}
