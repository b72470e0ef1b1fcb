"use client";

import { formatDateTime } from "@/components/forms/format";
import { Badge } from "@/components/ui/badge";
import { tdClasses } from "@/components/ui/table";

export type OutboxEmail = {
  id: string;
  createdAt: Date;
  to: string;
  subject: string;
  text: string;
  transport: string;
  error: string | null;
};

/** One sent email; the row toggles its plain-text body (never the HTML part). */
export function OutboxRow({ email, expanded, onToggle }: { email: OutboxEmail; expanded: boolean; onToggle: () => void }) {
  const bodyId = `outbox-body-${email.id}`;
  return (
    <>
      <tr className={`cursor-pointer hover:bg-slate-50 ${expanded ? "bg-slate-50" : ""}`} onClick={onToggle}>
        <td className={`${tdClasses} whitespace-nowrap`}>
          <time dateTime={email.createdAt.toISOString()}>{formatDateTime(email.createdAt)}</time>
        </td>
        <td className={`${tdClasses} break-all`}>{email.to}</td>
        <td className={tdClasses}>
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={bodyId}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
            className="flex items-center gap-2 rounded text-left font-medium text-slate-900 hover:text-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className={`size-4 shrink-0 text-slate-500 transition-transform ${expanded ? "rotate-90" : ""}`}>
              <path d="M7.3 5.3a1 1 0 0 1 1.4 0l4 4a1 1 0 0 1 0 1.4l-4 4a1 1 0 0 1-1.4-1.4L10.6 10 7.3 6.7a1 1 0 0 1 0-1.4z" />
            </svg>
            {email.subject}
          </button>
        </td>
        <td className={tdClasses}>
          <Badge tone={email.transport === "resend" ? "info" : "neutral"}>{email.transport}</Badge>
          {email.error ? <span className="mt-1 block text-xs text-red-700">Delivery failed</span> : null}
        </td>
      </tr>
      {expanded ? (
        <tr id={bodyId}>
          <td colSpan={4} className="bg-slate-50 px-4 pb-4">
            {email.error ? <p className="mb-2 text-sm text-red-700">{email.error}</p> : null}
            <pre className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-white p-4 font-mono text-xs whitespace-pre-wrap text-slate-800">
              {email.text}
            </pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
