"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "@/components/forms/format";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { linkClasses } from "@/components/ui/link-classes";
import { LoadingBlock } from "@/components/ui/loading-block";
import { Table, tdClasses } from "@/components/ui/table";
import { plural, stateLabels, type ImportStatus } from "./types";

const tones: Record<ImportStatus["state"], BadgeTone> = {
  uploaded: "neutral",
  queued: "info",
  staging: "info",
  publishing: "info",
  completed: "success",
  failed: "danger",
  cancelled: "neutral",
};

/** The workspace's latest imports, so an import left mid-way (or a page closed) is found again. */
export function RecentImports({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.imports.list.queryOptions({ tenant }), refetchInterval: (q) => (q.state.data?.some((i) => i.running) ? 2000 : false) });
  if (list.isPending) return <LoadingBlock label="Loading recent imports…" />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <p className="text-sm text-slate-600">No imports yet.</p>;
  return (
    <Table caption="Recent imports" columns={["File", "Status", "Rows", "Uploaded"]}>
      {list.data.map((i) => (
        <tr key={i.id}>
          <td className={`${tdClasses} break-all`}>
            <Link href={`/${tenant}/settings/import?import=${i.id}`} className={linkClasses}>
              {i.fileName}
            </Link>
            {i.formatLabel ? <span className="block text-xs text-slate-500">{i.formatLabel}</span> : null}
          </td>
          <td className={tdClasses}>
            <Badge tone={tones[i.state]}>{i.running ? `${stateLabels[i.state]} ${i.progress}%` : stateLabels[i.state]}</Badge>
          </td>
          <td className={`${tdClasses} tabular-nums`}>{i.totalRows > 0 ? plural(i.totalRows, "row") : "—"}</td>
          <td className={tdClasses}>{formatDateTime(i.createdAt)}</td>
        </tr>
      ))}
    </Table>
  );
}
