"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
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
  onOverride,
}: {
  tenant: string;
  credentialId: string;
  name: string;
  problem: EditProblem;
  onKeepTheirs: () => Promise<void>;
  onKeepMine: () => Promise<void>;
  onDismiss: () => void;
  /** For admins, when a password was refused by its policy: save anyway with a reason. */
  onOverride?: (reason: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState<"override" | null>(null);
  const [reason, setReason] = useState("");
  if (!problem.conflict) {
    return (
      <div role="alert" className="mt-1 max-w-72 text-xs text-red-700">
        <p>
          {problem.message}{" "}
          <button type="button" onClick={onDismiss} className="underline">
            Dismiss
          </button>
        </p>
        {onOverride && problem.field === "password" && "password" in problem.changes ? (
          <div className="mt-1 flex gap-1">
            <input
              aria-label="Override reason"
              placeholder="Reason to override the policy"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-xs text-slate-900"
            />
            <Button
              size="sm"
              variant="secondary"
              className="px-2 py-1 text-xs"
              disabled={reason.trim().length < 5 || busy !== null}
              pending={busy === "override"}
              onClick={() => {
                setBusy("override");
                void onOverride(reason).finally(() => setBusy(null));
              }}
            >
              Save anyway
            </Button>
          </div>
        ) : null}
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
