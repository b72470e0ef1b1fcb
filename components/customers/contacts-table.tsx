"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { HolderList, OptionalCell, useHolderListState } from "./holder-list";
import { NewContactForm } from "./new-contact-form";

/**
 * A customer's contacts, with "Add contact"; without a customer, every contact of the workspace with its customer
 * (adding one starts from its customer).
 */
export function ContactsTable({ tenant, customerId }: { tenant: string; customerId?: string }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const state = useHolderListState();
  const list = useQuery({ ...trpc.contacts.list.queryOptions({ tenant, customerId, ...state.input }), placeholderData: keepPreviousData });
  const nouns = words.contacts.toLowerCase();
  return (
    <HolderList
      tenant={tenant}
      customerId={customerId}
      path="contacts"
      state={state}
      list={list}
      noun={words.contact.toLowerCase()}
      nouns={nouns}
      caption={words.contacts}
      searchPlaceholder={`Search ${nouns} by name or email…`}
      columns={["Email", "Phone"]}
      cells={(c) => (
        <>
          <OptionalCell value={c.email} />
          <OptionalCell value={c.phone} />
        </>
      )}
      addDialog={{ form: (onDone) => <NewContactForm tenant={tenant} customerId={customerId!} onDone={onDone} /> }}
    />
  );
}
