"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "@/components/providers/trpc";

/**
 * After any access-request change: approval states, the Approvals lists and their menu badge (in the summary), and
 * the password rows (whose reveal buttons and badges follow the checkout) are all stale.
 */
export function useInvalidateAccess() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.access.pathFilter()),
        queryClient.invalidateQueries(trpc.credentials.pathFilter()),
        queryClient.invalidateQueries(trpc.rotation.pathFilter()),
        queryClient.invalidateQueries(trpc.workspace.summary.pathFilter()),
      ]),
    [queryClient, trpc],
  );
}
