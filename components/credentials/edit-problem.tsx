"use client";

import { EditConflictDialog } from "./edit-conflict-dialog";
import type { EditProblem } from "./use-credential-update";

/** At a cell: why the edit was refused, and when someone else changed the same field, the choice of value. */
export function EditProblemNote({
  tenant,
  credentialId,
  name,
  problem,
  onKeepTheirs,
  onKeepMine,
  onDismiss,
}: {
  tenant: string;
  credentialId: string;
  name: string;
  problem: EditProblem;
  onKeepTheirs: () => Promise<void>;
  onKeepMine: () => Promise<void>;
  onDismiss: () => void;
}) {
  if (!problem.conflict) {
    return (
      <div role="alert" className="mt-1 max-w-72 text-xs text-red-700">
        <p>
          {problem.message}{" "}
          <button type="button" onClick={onDismiss} className="underline">
            Dismiss
          </button>
        </p>
      </div>
    );
  }
  return (
    <EditConflictDialog
      tenant={tenant}
      credentialId={credentialId}
      name={name}
      conflict={problem.conflict}
      changes={problem.changes}
      onKeepTheirs={onKeepTheirs}
      onKeepMine={onKeepMine}
    />
  );
}
