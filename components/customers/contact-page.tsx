"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PasswordsTable } from "@/components/credentials/passwords-table";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { useTerminology } from "@/components/shell/use-terminology";
import { LoadingBlock } from "@/components/ui/loading-block";
import { PageHeader } from "@/components/ui/page-header";
import { useDocumentTitle } from "@/components/ui/use-document-title";
import { Badge } from "@/components/ui/badge";
import { BackLink } from "./back-link";
import { EntityActions } from "./entity-actions";
import { NewContactForm } from "./new-contact-form";

/** A contact (or user) and the passwords filed under them, with the way back to their customer. */
export function ContactPage({ tenant, contactId }: { tenant: string; contactId: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const contact = useQuery(trpc.contacts.get.queryOptions({ tenant, contactId }));
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.contacts.pathFilter());
  const archive = useMutation(trpc.contacts.archive.mutationOptions({ onSuccess: refresh }));
  const unarchive = useMutation(trpc.contacts.unarchive.mutationOptions({ onSuccess: refresh }));
  useDocumentTitle(contact.data && `${contact.data.name} (${contact.data.customer.name})`);
  if (contact.isPending) return <LoadingBlock label={`Loading ${words.contact.toLowerCase()}…`} />;
  if (contact.isError) return <QueryError error={contact.error} onRetry={() => void contact.refetch()} />;
  const c = contact.data;
  return (
    <>
      <BackLink href={`/${tenant}/customers/${c.customer.id}?tab=contacts`}>{c.customer.name}</BackLink>
      <PageHeader
        title={c.name}
        description={
          <>
            {c.archivedAt ? (
              <span className="mr-2">
                <Badge tone="warning">Archived</Badge>
              </span>
            ) : null}
            {[words.contact, c.email, c.phone].filter(Boolean).join(" · ")}
          </>
        }
        actions={
          <EntityActions
            noun={words.contact.toLowerCase()}
            name={c.name}
            archived={!!c.archivedAt}
            editForm={(done) => <NewContactForm tenant={tenant} customerId={c.customer.id} contact={c} onDone={done} />}
            archive={{ run: () => archive.mutate({ tenant, contactId }), pending: archive.isPending, error: archive.error, reset: archive.reset, done: archive.isSuccess }}
            unarchive={{ run: () => unarchive.mutate({ tenant, contactId }), pending: unarchive.isPending }}
          />
        }
      />
      <PasswordsTable tenant={tenant} target={{ type: "contact", id: c.id }} customerId={c.customer.id} title={`Passwords of ${c.name}`} />
    </>
  );
}
