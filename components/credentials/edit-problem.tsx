"use client";

import { useState } from "react";
import { formatDateTime } from "@/components/forms/format";
import { Button } from "@/components/ui/button";
import type { EditProblem } from "./use-credential-update";

/** Under a cell: why the edit was refused, and for a stale version the choice to reload or overwrite. */
export function EditProblemNote({
  problem,
  onReload,
  onOverwrite,
  onDismiss,
  onOverride,
}: {
  problem: EditProblem;
  onReload: () => Promise<void>;
  onOverwrite: () => Promise<void>;
  onDismiss: () => void;
  /** For admins, when a password was refused by its policy: save anyway with a reason. */
  onOverride?: (reason: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState<"reload" | "overwrite" | "override" | null>(null);
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
    <div role="alert" className="mt-2 max-w-80 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900">
      {/* The server names the time in ISO form; show it in the reader's own format. */}
      <p>{problem.message.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, (iso) => formatDateTime(iso, true))}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="secondary"
          pending={busy === "reload"}
          disabled={busy !== null}
          onClick={() => {
            setBusy("reload");
            void onReload().finally(() => setBusy(null));
          }}
        >
          Reload
        </Button>
        <Button
          size="sm"
          variant="primary"
          pending={busy === "overwrite"}
          disabled={busy !== null}
          onClick={() => {
            setBusy("overwrite");
            void onOverwrite().finally(() => setBusy(null));
          }}
        >
          Overwrite with mine
        </Button>
      </div>
    </div>
  );
}
