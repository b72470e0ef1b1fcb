import "server-only";
import { z } from "zod";
import { listAuditEvents } from "@/server/services/audit/list-audit-events";
import { requireAuditWithinLimits } from "../key-limits";
import { defineRoute } from "../route-kit";
import { zApiAuditPage } from "../schemas";

const auditQuery = z.object({
  action: z.string().trim().min(1).max(100, "action must be at most 100 characters.").optional(),
  customerId: z.uuid({ error: "customerId must be a customer id." }).optional(),
  from: z.iso.datetime({ offset: true, error: "from must be a date and time (ISO 8601)." }).optional(),
  to: z.iso.datetime({ offset: true, error: "to must be a date and time (ISO 8601)." }).optional(),
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1, "limit must be at least 1.").max(100, "limit must be at most 100.").default(50),
  cursor: z.string().regex(/^\d{1,18}$/, "cursor must be a value from nextCursor.").optional(),
});

export const auditRoutes = [
  defineRoute({
    method: "GET",
    path: "/audit-events",
    summary: "The audit log, newest first, a page at a time (never secrets)",
    scope: "metadata:read",
    minRole: "auditor",
    query: auditQuery,
    response: zApiAuditPage,
    handle: async (scope, { query }) => {
      const { cursor, ...filters } = query;
      await requireAuditWithinLimits(scope, filters.customerId);
      const page = await listAuditEvents(scope, { ...filters, cursor: cursor ? Number(cursor) : undefined });
      return {
        items: page.items.map((e) => ({
          id: String(e.id),
          at: e.at.toISOString(),
          actor: e.actorLabel,
          action: e.action,
          target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
          ip: e.ip,
          details: e.details,
        })),
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  }),
];
