"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { CustomerPolicySelect } from "@/components/policies/customer-policy-select";
import { CustomerRotationSchedule } from "@/components/rotation/customer-rotation-schedule";
import { EnrollmentTokensCard } from "@/components/agents/enrollment-tokens-card";
import { CustomerSharingCard } from "@/components/sharing/customer-sharing-card";
import { workspaceRoleAllows } from "@/lib/permissions";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Tabs } from "@/components/ui/tabs";
import { BackLink } from "./back-link";
import { ContactsTable } from "./contacts-table";
import { DevicesTable } from "./devices-table";
import { EntityActions } from "./entity-actions";
import { NewCustomerForm } from "./new-customer-form";

const tabIds = ["passwords", "contacts", "devices"] as const;
type TabId = (typeof tabIds)[number];

/** A customer with its Passwords, Contacts and Devices tabs; the open tab is kept in the URL (?tab=). */
export function CustomerPage({ tenant, customerId, initialTab }: { tenant: string; customerId: string; initialTab?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const { role } = useWorkspace();
  const [tab, setTab] = useState<TabId>(tabIds.find((t) => t === initialTab) ?? "passwords");
  const customer = useQuery(trpc.customers.get.queryOptions({ tenant, customerId }));
  const mayExport = useQuery(trpc.exports.access.queryOptions({ tenant })).data?.allowed === true;
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.customers.pathFilter());
  const archive = useMutation(trpc.customers.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.customers.unarchive.mutationOptions({ onSuccess: refresh }));

  if (customer.isPending) return <LoadingBlock label={`Loading ${words.customer.toLowerCase()}…`} />;
  if (customer.isError) return <QueryError error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  return (
    <>
      <BackLink href={`/${tenant}/customers`}>{words.customers}</BackLink>
      <PageHeader
        title={c.name}
        actions={
          <>
            {workspaceRoleAllows(role, "importPasswords") ? (
              <Link href={`/${tenant}/settings/import?customer=${c.id}`} className={buttonClasses("secondary", "sm")}>
                Import passwords
              </Link>
            ) : null}
            {mayExport ? (
              <Link href={`/${tenant}/settings/export?customer=${c.id}`} className={buttonClasses("secondary", "sm")} aria-label={`Export the passwords of ${c.name}`}>
                Export
              </Link>
            ) : null}
            <EntityActions
              noun={words.customer.toLowerCase()}
              name={c.name}
              archived={!!c.archivedAt}
              editForm={(done) => <NewCustomerForm tenant={tenant} customer={c} onDone={done} />}
              archive={{ run: () => archive.mutate({ tenant, customerId }), pending: archive.isPending, error: archive.error, reset: archive.reset, done: archive.isSuccess }}
              unarchive={{ run: () => unarchive.mutate({ tenant, customerId }), pending: unarchive.isPending }}
            />
          </>
        }
        description={
          <>
            {c.archivedAt ? (
              <span className="mr-2">
                <Badge tone="warning">Archived</Badge>
              </span>
            ) : null}
            {c.notes || `${words.customer} passwords, ${words.contacts.toLowerCase()} and devices.`}
            <span className="mt-2 block">
              <CustomerPolicySelect tenant={tenant} customerId={c.id} policyId={c.passwordPolicyId} />
            </span>
          </>
        }
      />
      <CustomerRotationSchedule tenant={tenant} customerId={c.id} canConfigure={c.myLevel === "full"} />
      {/* Admins only (the server refuses others); ?tab=agents from a device page scrolls here. */}
      {roleAtLeast(role, "admin") ? (
        <div className="mb-6 max-w-5xl">
          <CustomerSharingCard tenant={tenant} customerId={c.id} customerName={c.name} />
        </div>
      ) : null}
      {roleAtLeast(role, "admin") ? (
        <div id="device-agents" className="mb-6 max-w-5xl scroll-mt-6">
          <EnrollmentTokensCard tenant={tenant} customerId={c.id} customerName={c.name} />
        </div>
      ) : null}
      <Tabs
        label={`${c.name} sections`}
        active={tab}
        onChange={(id) => {
          setTab(id as TabId);
          const url = new URL(window.location.href);
          url.searchParams.set("tab", id);
          window.history.replaceState(window.history.state, "", url);
        }}
        tabs={[
          { id: "passwords", label: "Passwords", panel: <PasswordsTable tenant={tenant} target={{ type: "customer", id: c.id }} customerId={c.id} title={`Passwords of ${c.name}`} /> },
          { id: "contacts", label: words.contacts, panel: <ContactsTable tenant={tenant} customerId={c.id} /> },
          { id: "devices", label: "Devices", panel: <DevicesTable tenant={tenant} customerId={c.id} /> },
        ]}
      />
    </>
  );
}
