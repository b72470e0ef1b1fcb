"use client";

import { useTerminology } from "@/components/shell/use-terminology";
import { PageHeader } from "@/components/ui/page-header";
import { PasswordsTable } from "./passwords-table";

/** Every password of the workspace, searchable across customers (never by secrets). */
export function AllPasswords({ tenant }: { tenant: string }) {
  const words = useTerminology();
  return (
    <>
      <PageHeader title="All passwords" description={`Every password of every ${words.customer.toLowerCase()}. Press ⌘K / Ctrl+K anywhere to jump to one.`} />
      <PasswordsTable tenant={tenant} title="All passwords" />
    </>
  );
}
