import type { Metadata } from "next";
import { WorkspaceHome } from "@/components/workspace/workspace-home";

export const metadata: Metadata = { title: "Home" };

export default async function WorkspaceHomePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <WorkspaceHome tenant={tenant} />;
}
