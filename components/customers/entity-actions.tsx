"use client";

import { useState, type ReactNode } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { roleAtLeast } from "@/lib/validation";
import { useWorkspace } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";

type EntityActionsProps = {
  noun: string;
  name: string;
  archived: boolean;
  /** The edit form; it calls `done` when saved or cancelled. */
  editForm: (done: () => void) => ReactNode;
  archive: { run: () => void; pending: boolean; error: ErrorLike; reset: () => void; done: boolean };
  unarchive: { run: () => void; pending: boolean };
};

/** "Edit" (technicians) and "Archive" / "Restore" (admins) for a customer, contact or device page. */
export function EntityActions({ noun, name, archived, editForm, archive, unarchive }: EntityActionsProps) {
  const { role } = useWorkspace();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const open = confirming && !archive.done;
  return (
    <>
      {roleAtLeast(role, "technician") ? (
        <Button variant="secondary" onClick={() => setEditing(true)}>
          Edit
        </Button>
      ) : null}
      {roleAtLeast(role, "admin") ? (
        archived ? (
          <Button variant="secondary" pending={unarchive.pending} onClick={unarchive.run}>
            Restore
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => (archive.reset(), setConfirming(true))}>
            Archive
          </Button>
        )
      ) : null}
      <Dialog open={editing} onClose={() => setEditing(false)} title={`Edit ${noun}`}>
        {editForm(() => setEditing(false))}
      </Dialog>
      <ConfirmDialog
        open={open}
        title={`Archive “${name}”?`}
        confirmLabel="Archive"
        pending={archive.pending}
        error={formMessageOf(archive.error)}
        onConfirm={archive.run}
        onClose={() => setConfirming(false)}
      >
        It disappears from lists; its passwords stay where they are. An admin can restore it.
      </ConfirmDialog>
    </>
  );
}
