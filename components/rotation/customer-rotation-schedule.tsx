"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { useTerminology } from "@/components/shell/use-terminology";
import { QueryError } from "@/components/shell/query-error";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { ScheduleForm } from "./schedule-form";
import { describeSchedule } from "./schedule-summary";

/**
 * For members with full access to the customer (admins, or a full customer share): the rotation schedule of the
 * whole customer, which covers its passwords that have a rotation target and no schedule of their own.
 */
export function CustomerRotationSchedule({ tenant, customerId, canConfigure }: { tenant: string; customerId: string; canConfigure: boolean }) {
  const trpc = useTRPC();
  const words = useTerminology();
  const [editing, setEditing] = useState(false);
  const schedule = useQuery({ ...trpc.rotation.schedule.queryOptions({ tenant, scope: { customerId } }), enabled: canConfigure });
  if (!canConfigure) return null;

  return (
    <Card
      title="Password rotation schedule"
      headingLevel={2}
      description={`Applies to this ${words.customer.toLowerCase()}'s passwords that have a rotation target and no schedule of their own.`}
      actions={
        !editing && schedule.isSuccess ? (
          <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
            {schedule.data ? "Change schedule" : "Set schedule"}
          </Button>
        ) : null
      }
    >
      {schedule.isPending ? (
        <LoadingBlock label="Loading schedule…" />
      ) : schedule.isError ? (
        <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : editing ? (
        <ScheduleForm tenant={tenant} scope={{ customerId }} current={schedule.data} idPrefix={`customer-schedule-${customerId}`} onDone={() => setEditing(false)} />
      ) : (
        <p className="text-sm text-slate-800">{schedule.data ? `Rotates ${describeSchedule(schedule.data)}` : "No schedule: passwords rotate only on demand or by their own schedule."}</p>
      )}
    </Card>
  );
}
