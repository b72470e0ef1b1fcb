"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { QueryError } from "@/components/shell/query-error";
import { Card } from "@/components/ui/card";
import { LoadingBlock } from "@/components/ui/loading-block";
import { MyPreferencesForm } from "./my-preferences-form";

/** Every member's own say: per event type, follow the rule, get it right away, in the digest, or not at all. */
export function MyNotificationPreferences({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const prefs = useQuery(trpc.notifications.myPreferences.queryOptions({ tenant }));
  return (
    <Card
      title="My notifications"
      description="Rules decide what you are told about. Here you choose how: as the rule says, right away, in a daily digest, or not at all."
    >
      {prefs.isPending ? (
        <LoadingBlock label="Loading your preferences…" />
      ) : prefs.isError ? (
        <QueryError error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <MyPreferencesForm tenant={tenant} initial={prefs.data} />
      )}
    </Card>
  );
}
