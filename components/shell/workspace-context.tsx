"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { MemberRole } from "@/lib/validation";

export type WorkspaceInfo = {
  /** The workspace slug: every tenant procedure's `tenant` input. */
  tenant: string;
  tenantName: string;
  role: MemberRole;
  userId: string;
};

const WorkspaceContext = createContext<WorkspaceInfo | null>(null);

export function WorkspaceProvider({ value, children }: { value: WorkspaceInfo; children: ReactNode }) {
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

/** The current workspace, as the [tenant] layout resolved it on the server. */
export function useWorkspace(): WorkspaceInfo {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace() is used outside the workspace layout.");
  return value;
}
