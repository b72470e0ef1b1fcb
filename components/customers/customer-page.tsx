"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { useDocumentTitle } from "@/components/ui/use-document-title";
import { workspaceRoleAllows } from "@/lib/permissions";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Tabs } from "@/components/ui/tabs";
import { useUrlTab } from "@/components/ui/use-url-tab";
import { BackLink } from "./back-link";
import { ContactsTable } from "./contacts-table";
import { CustomerSettings } from "./customer-settings";
import { DevicesTable } from "./devices-table";
import { EntityActions } from "./entity-actions";
import { NewCustomerForm } from "./new-customer-form";

const tabIds = ["passwords", "contacts", "devices", "settings"] as const;

/**
 * A customer: its passwords first, then tabs for its contacts, its devices and its settings (policy, rotation, sharing,
 * enrollment), so a technician opening it lands on what they came for. The open tab is kept in the URL (?tab=).
 */
export function CustomerPage({ tenant, customerId, initialTab }: { tenant: string; customerId: string; initialTab?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const { role } = useWorkspace();
  const [tab, setTab] = useUrlTab(tabIds, initialTab);
  const customer = useQuery(trpc.customers.get.queryOptions({ tenant, customerId }));
  const mayExport = useQuery(trpc.workspace.summary.queryOptions({ tenant })).data?.mayExport === true;
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.customers.pathFilter());
  const archive = useMutation(trpc.customers.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.customers.unarchive.mutationOptions({ onSuccess: refresh }));

  useDocumentTitle(customer.data?.name);

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
          </>
        }
      />
      <Tabs
        label={`${c.name} sections`}
        active={tab}
        onChange={setTab}
        tabs={[
          { id: "passwords", label: "Passwords", panel: <PasswordsTable tenant={tenant} target={{ type: "customer", id: c.id }} customerId={c.id} title={`Passwords of ${c.name}`} /> },
          { id: "contacts", label: words.contacts, panel: <ContactsTable tenant={tenant} customerId={c.id} /> },
          { id: "devices", label: "Devices", panel: <DevicesTable tenant={tenant} customerId={c.id} /> },
          { id: "settings", label: "Settings", panel: <CustomerSettings tenant={tenant} customer={c} /> },
        ]}
      />
    </>
  );
}
