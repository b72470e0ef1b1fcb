"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useWorkspace } from "./workspace-context";

export type Terminology = { customer: string; customers: string; contact: string; contacts: string };

const labels: Record<"customers" | "sites", Terminology> = {
  customers: { customer: "Customer", customers: "Customers", contact: "Contact", contacts: "Contacts" },
  sites: { customer: "Site", customers: "Sites", contact: "User", contacts: "Users" },
};

/** The workspace's words for customers and contacts (Atera-style "Sites" and "Users" when chosen in settings). */
export function useTerminology(): Terminology {
  const { tenant } = useWorkspace();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.workspace.summary.queryOptions({ tenant }), staleTime: 60_000 });
  return labels[summary.data?.terminology ?? "customers"];
}
