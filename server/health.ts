import { sql } from "drizzle-orm";
import { database } from "@/db/client";

/** Liveness plus a round trip to the database, for load balancers and the test harness. */
export async function healthCheck(): Promise<{ status: "ok" | "error"; database: "ok" | "error" }> {
  try {
    const { db } = await database();
    await db.execute(sql`select 1`);
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "error", database: "error" };
  }
}
