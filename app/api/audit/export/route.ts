import { auditExportDownload } from "@/server/api/audit-export";
import { downloadRoute } from "@/server/api/download-route";

export const dynamic = "force-dynamic";

export const { POST, GET } = downloadRoute(auditExportDownload, "the audit log");
