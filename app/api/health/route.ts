import { healthCheck } from "@/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await healthCheck();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
