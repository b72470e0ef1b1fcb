"use client";

import { useTerminology } from "@/components/shell/use-terminology";
import { PageHeader } from "@/components/ui/page-header";
import { PasswordFilters } from "./password-filters";
import { PasswordsTable } from "./passwords-table";
import { useUrlPasswordList } from "./use-password-list-state";

/**
 * Every password of the workspace, searchable across customers (never by secrets), filtered and sorted on the server;
 * the search, filters, order and page live in the URL, so links, reloads and Back keep them.
 */
export function AllPasswords({ tenant }: { tenant: string }) {
  const words = useTerminology();
  const list = useUrlPasswordList();
  return (
    <>
      <PageHeader title="All passwords" description={`Every password of every ${words.customer.toLowerCase()}. Press ⌘K / Ctrl+K anywhere to jump to one.`} />
      <PasswordsTable tenant={tenant} title="All passwords" list={list} filters={<PasswordFilters tenant={tenant} state={list} words={words} />} />
    </>
  );
}
