import type { Metadata } from "next";
import { RotationRuns } from "@/components/rotation/rotation-runs";

export const metadata: Metadata = { title: "Rotation" };

export default async function RotationPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  return <RotationRuns tenant={tenant} />;
}
