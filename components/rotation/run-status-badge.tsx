import { Badge } from "@/components/ui/badge";
import { statusLabels, statusTones } from "./run-labels";
import type { RunStatus } from "./types";

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>;
}
