import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { customers, memberships, notificationRules, userGroups, users } from "@/db/schema";
import { MAX_EXPIRING_DAYS, memberEventTypes, notificationEventLabels } from "@/lib/notification-events";
import { badInput, notFound } from "@/server/errors";
import type { MemberScope, TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";
import { zDelivery, zEventType } from "./event-types";

const zRuleId = z.uuid({ error: "Rule id is invalid." });
const zEmail = z.email();

const zRuleFields = z.object({
  name: z
    .string({ error: "Name is required." })
    .trim()
    .min(1, "Name is required.")
    .max(100, "Name must be at most 100 characters."),
  events: z
    .array(zEventType, { error: "Choose at least one event." })
    .min(1, "Choose at least one event.")
    .transform((events) => [...new Set(events)]),
  /** Required with "expiring"; ignored (stored as null) without it. */
  expiringDays: z
    .number({ error: "Days before expiry must be a number." })
    .int("Days before expiry must be a whole number.")
    .min(1, `Days before expiry must be from 1 to ${MAX_EXPIRING_DAYS}.`)
    .max(MAX_EXPIRING_DAYS, `Days before expiry must be from 1 to ${MAX_EXPIRING_DAYS}.`)
    .nullable()
    .default(null),
  /** Null: the whole workspace; else only this customer's passwords. */
  customerId: z.uuid({ error: "Customer id is invalid." }).nullable().default(null),
  notifyOwner: z.boolean({ error: "Owner must be true or false." }).default(false),
  memberUserIds: z
    .array(z.uuid({ error: "Member id is invalid." }), { error: "Members must be a list." })
    .max(100, "A rule can name at most 100 members.")
    .default([]),
  groupIds: z
    .array(z.uuid({ error: "Group id is invalid." }), { error: "Groups must be a list." })
    .max(50, "A rule can name at most 50 groups.")
    .default([]),
  extraEmails: z
    .array(z.string({ error: "Each email address must be text." }).trim().toLowerCase(), { error: "Email addresses must be a list." })
    .max(20, "A rule can name at most 20 extra email addresses.")
    .default([]),
  delivery: zDelivery.default("immediate"),
  enabled: z.boolean({ error: "Enabled must be true or false." }).default(true),
});

type RuleFields = z.infer<typeof zRuleFields>;

function checkRule(rule: RuleFields, ctx: z.RefinementCtx) {
  if (rule.events.includes("expiring") && rule.expiringDays === null) {
    ctx.addIssue({
      code: "custom",
      path: ["expiringDays"],
      message: `Days before expiry is required for "Expiring soon" (1 to ${MAX_EXPIRING_DAYS}).`,
    });
  }
  const memberEvent = rule.events.find((e) => (memberEventTypes as readonly string[]).includes(e));
  if (memberEvent && rule.customerId) {
    ctx.addIssue({
      code: "custom",
      path: ["customerId"],
      message: `"${notificationEventLabels[memberEvent]}" is about a member across the whole workspace: choose every customer.`,
    });
  }
  const bad = rule.extraEmails.find((e) => !zEmail.safeParse(e).success);
  if (bad !== undefined) {
    ctx.addIssue({ code: "custom", path: ["extraEmails"], message: `"${bad}" is not a valid email address.` });
  }
  if (!rule.notifyOwner && rule.memberUserIds.length === 0 && rule.groupIds.length === 0 && rule.extraEmails.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["recipients"],
      message: "Choose at least one recipient: the owner, a member, a group or an email address.",
    });
  }
}

export const ruleIdInput = z.object({ ruleId: zRuleId });
export const createRuleInput = zRuleFields.superRefine(checkRule);
export const updateRuleInput = z.object({ ruleId: zRuleId, ...zRuleFields.shape }).superRefine(checkRule);
export const setRuleEnabledInput = z.object({ ruleId: zRuleId, enabled: z.boolean({ error: "Enabled must be true or false." }) });

export type NotificationRule = typeof notificationRules.$inferSelect & { customerName: string | null };

/** The tenant's rules by name, with the name of the customer a rule is limited to. */
export async function listRules(scope: TenantScope): Promise<NotificationRule[]> {
  const { db: tx, tenantId } = scope;
  const rows = await tx
    .select({ rule: notificationRules, customerName: customers.name })
    .from(notificationRules)
    .leftJoin(customers, and(eq(customers.tenantId, notificationRules.tenantId), eq(customers.id, notificationRules.customerId)))
    .where(eq(notificationRules.tenantId, tenantId))
    .orderBy(asc(notificationRules.name), asc(notificationRules.createdAt));
  return rows.map((r) => ({ ...r.rule, customerName: r.customerName }));
}

async function loadRule(scope: TenantScope, ruleId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select()
    .from(notificationRules)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.id, ruleId)));
  if (!row) throw notFound("Notification rule");
  return row;
}

/** Checks that every customer, member and group a rule names exists in this tenant (and the members are active). */
async function assertReferences(scope: TenantScope, rule: RuleFields) {
  const { db: tx, tenantId } = scope;
  if (rule.customerId) {
    const [row] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, rule.customerId)));
    if (!row) throw badInput("customerId", "That customer was not found in this workspace.");
  }
  const memberIds = [...new Set(rule.memberUserIds)];
  if (memberIds.length) {
    const found = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active"), inArray(memberships.userId, memberIds)));
    if (found.length !== memberIds.length) {
      throw badInput("memberUserIds", "One of the chosen members is not an active member of this workspace.");
    }
  }
  const groupIds = [...new Set(rule.groupIds)];
  if (groupIds.length) {
    const found = await tx
      .select({ id: userGroups.id })
      .from(userGroups)
      .where(and(eq(userGroups.tenantId, tenantId), inArray(userGroups.id, groupIds)));
    if (found.length !== groupIds.length) throw badInput("groupIds", "One of the chosen groups was not found in this workspace.");
  }
  return { memberIds, groupIds };
}

function stored(rule: RuleFields, ids: { memberIds: string[]; groupIds: string[] }) {
  return {
    name: rule.name,
    events: rule.events,
    expiringDays: rule.events.includes("expiring") ? rule.expiringDays : null,
    customerId: rule.customerId,
    notifyOwner: rule.notifyOwner,
    memberUserIds: ids.memberIds,
    groupIds: ids.groupIds,
    extraEmails: [...new Set(rule.extraEmails)],
    delivery: rule.delivery,
    enabled: rule.enabled,
  };
}

/** What the audit trail keeps of a rule: its settings (addresses are settings too, never secrets). */
function auditView(rule: ReturnType<typeof stored>) {
  return { ...rule };
}

/** Creates a rule. */
export async function createRule(scope: MemberScope, input: z.infer<typeof createRuleInput>) {
  const { db: tx, tenantId, member } = scope;
  const values = stored(input, await assertReferences(scope, input));
  const [row] = await tx
    .insert(notificationRules)
    .values({ tenantId, ...values, createdBy: member.userId })
    .returning();
  await audit(scope, {
    action: "notification_rule.created",
    target: { type: "notification_rule", id: row!.id },
    details: auditView(values),
  });
  return row!;
}

/** Replaces a rule's settings. */
export async function updateRule(scope: TenantScope, input: z.infer<typeof updateRuleInput>) {
  const { db: tx, tenantId } = scope;
  const { ruleId, ...fields } = input;
  await loadRule(scope, ruleId);
  const values = stored(fields, await assertReferences(scope, fields));
  const [row] = await tx
    .update(notificationRules)
    .set(values)
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.id, ruleId)))
    .returning();
  await audit(scope, {
    action: "notification_rule.updated",
    target: { type: "notification_rule", id: ruleId },
    details: auditView(values),
  });
  return row!;
}

/** Turns a rule on or off without touching its settings. */
export async function setRuleEnabled(scope: TenantScope, input: z.infer<typeof setRuleEnabledInput>) {
  const { db: tx, tenantId } = scope;
  const rule = await loadRule(scope, input.ruleId);
  if (rule.enabled === input.enabled) return;
  await tx
    .update(notificationRules)
    .set({ enabled: input.enabled })
    .where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.id, rule.id)));
  await audit(scope, {
    action: input.enabled ? "notification_rule.enabled" : "notification_rule.disabled",
    target: { type: "notification_rule", id: rule.id },
    details: { name: rule.name },
  });
}

/** Deletes a rule (and its expiry dedupe log, by cascade). */
export async function deleteRule(scope: TenantScope, ruleId: string) {
  const { db: tx, tenantId } = scope;
  const rule = await loadRule(scope, ruleId);
  await tx.delete(notificationRules).where(and(eq(notificationRules.tenantId, tenantId), eq(notificationRules.id, ruleId)));
  await audit(scope, {
    action: "notification_rule.deleted",
    target: { type: "notification_rule", id: ruleId },
    details: { name: rule.name },
  });
}

/** What the rule form offers: active members, groups and open customers, by name. */
export async function ruleRecipientOptions(scope: TenantScope) {
  const { db: tx, tenantId } = scope;
  const [members, groups, customerRows] = await Promise.all([
    tx
      .select({ userId: users.id, name: users.name, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active")))
      .orderBy(asc(users.name)),
    tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(eq(userGroups.tenantId, tenantId)).orderBy(asc(userGroups.name)),
    tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), isNull(customers.archivedAt)))
      .orderBy(asc(customers.name))
      .limit(1000),
  ]);
  return { members, groups, customers: customerRows };
}
