"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { ReconfirmDialog } from "@/components/reconfirm/reconfirm-dialog";
import { reconfirmLink } from "@/components/reconfirm/reconfirm-link";
import type { AppRouter } from "@/server/routers";
import { makeQueryClient } from "./query-client";
import { TRPCProvider } from "./trpc";

let browserQueryClient: QueryClient | undefined;

/** One QueryClient per browser tab; a fresh one per server render so users never share a cache. */
function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function TrpcProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [reconfirmLink(), httpBatchLink({ url: "/api/trpc", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
        <ReconfirmDialog />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
