import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

type Outputs = inferRouterOutputs<AppRouter>;

export type ImportStatus = Outputs["imports"]["get"];
export type ImportPreview = Outputs["imports"]["preview"];
export type ImportDryRun = Outputs["imports"]["dryRun"];
/** What the upload route answers (server/api/import-upload.ts). */
export type UploadAnswer = Outputs["imports"]["upload"];

export const stateLabels: Record<ImportStatus["state"], string> = {
  uploaded: "Ready to map",
  queued: "Queued",
  staging: "Importing",
  publishing: "Publishing",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** "1,234 rows": counts as the pages write them. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
