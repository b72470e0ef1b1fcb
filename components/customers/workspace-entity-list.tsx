"use client";

import { useTerminology } from "@/components/shell/use-terminology";
import { PageHeader } from "@/components/ui/page-header";
import { useDocumentTitle } from "@/components/ui/use-document-title";
import { ContactsTable } from "./contacts-table";
import { DevicesTable } from "./devices-table";

/** Every contact or device of the workspace the member may see, each with its customer (the home page's counters lead here). */
export function WorkspaceEntityList({ tenant, kind }: { tenant: string; kind: "contacts" | "devices" }) {
  const words = useTerminology();
  useDocumentTitle(kind === "contacts" ? words.contacts : "Devices");
  const customers = words.customers.toLowerCase();
  return kind === "contacts" ? (
    <>
      <PageHeader title={words.contacts} description={`The people of every ${words.customer.toLowerCase()}. Add one from its ${words.customer.toLowerCase()}'s page.`} />
      <ContactsTable tenant={tenant} />
    </>
  ) : (
    <>
      <PageHeader title="Devices" description={`Agent and non-agent devices of all ${customers}. Add one from its ${words.customer.toLowerCase()}'s page.`} />
      <DevicesTable tenant={tenant} />
    </>
  );
}
