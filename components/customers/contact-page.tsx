"use client";

import { useQuery } from "@tanstack/react-query";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { BackLink } from "./back-link";

/** A contact (or user) and the passwords filed under them, with the way back to their customer. */
export function ContactPage({ tenant, contactId }: { tenant: string; contactId: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const contact = useQuery(trpc.contacts.get.queryOptions({ tenant, contactId }));
  if (contact.isPending) return <LoadingBlock label={`Loading ${words.contact.toLowerCase()}…`} />;
  if (contact.isError) return <QueryError error={contact.error} onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  return (
    <>
      <BackLink href={`/${tenant}/customers/${c.customer.id}?tab=contacts`}>{c.customer.name}</BackLink>
      <PageHeader title={c.name} description={[words.contact, c.email, c.phone].filter(Boolean).join(" · ")} />
      <PasswordsTable tenant={tenant} target={{ type: "contact", id: c.id }} customerId={c.customer.id} title={`Passwords of ${c.name}`} />
    </>
  );
}
