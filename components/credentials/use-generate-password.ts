"use client";

import { useCallback, useState } from "react";
import { formMessageOf, type ErrorLike } from "@/components/forms/trpc-errors";
import { useTRPCClient } from "@/components/providers/trpc";

/**
 * A password from the workspace's policy generator (the tenant default, or the given policy). Called through the
 * plain client: each call must be new and nothing generated is kept in a cache.
 */
export function useGeneratePassword(tenant: string) {
  const client = useTRPCClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generate = useCallback(
    async (policyId?: string | null): Promise<string | null> => {
      setPending(true);
      setError(null);
      try {
        const result = await client.policies.generate.mutate({ tenant, ...(policyId ? { policyId } : {}) });
        return result.password;
      } catch (e) {
        setError(formMessageOf(e as ErrorLike) ?? "Could not generate a password.");
        return null;
      } finally {
        setPending(false);
      }
    },
    [client, tenant],
  );
  return { generate, pending, error };
}
