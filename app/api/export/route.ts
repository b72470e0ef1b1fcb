import { exportDownload } from "@/server/api/export-download";
import { downloadRoute } from "@/server/api/download-route";

export const dynamic = "force-dynamic";

export const { POST, GET } = downloadRoute(exportDownload, "an export");
