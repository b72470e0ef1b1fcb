import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { memberships, userGroupMembers, userGroups, users } from "@/db/schema";
import { AppError, badInput, notFound } from "@/server/errors";
import type { TenantScope } from "@/server/scope";
import { audit } from "../audit/record-audit-event";

const zGroupId = z.uuid({ error: "Group id is invalid." });
const zGroupName = z
  .string({ error: "Name is required." })
  .trim()
  .min(1, "Name is required.")
  .max(100, "Name must be at most 100 characters.");
const zDescription = z.string({ error: "Description must be text." }).trim().max(500, "Description must be at most 500 characters.");

export const groupIdInput = z.object({ groupId: zGroupId });
export const createGroupInput = z.object({ name: zGroupName, description: zDescription.default("") });
export const updateGroupInput = z.object({ groupId: zGroupId, name: zGroupName, description: zDescription.default("") });
export const groupMemberInput = z.object({ groupId: zGroupId, membershipId: z.uuid({ error: "Member id is invalid." }) });

export type GroupMember = { membershipId: string; userId: string; name: string; email: string; status: "active" | "deactivated" };
export type Group = { id: string; name: string; description: string; members: GroupMember[] };

/** The tenant's groups by name, each with its members (deactivated ones included, marked as such). */
export async function listGroups(scope: TenantScope): Promise<Group[]> {
  const { db: tx, tenantId } = scope;
  const groups = await tx
    .select({ id: userGroups.id, name: userGroups.name, description: userGroups.description })
    .from(userGroups)
    .where(eq(userGroups.tenantId, tenantId))
    .orderBy(asc(userGroups.name));
  const rows = await tx
    .select({
      groupId: userGroupMembers.groupId,
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      status: memberships.status,
    })
    .from(userGroupMembers)
    .innerJoin(memberships, and(eq(memberships.tenantId, userGroupMembers.tenantId), eq(memberships.id, userGroupMembers.membershipId)))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(userGroupMembers.tenantId, tenantId))
    .orderBy(asc(users.name));
  return groups.map((g) => ({
    ...g,
    members: rows
      .filter((r) => r.groupId === g.id)
      .map((r) => ({ membershipId: r.membershipId, userId: r.userId, name: r.name, email: r.email, status: r.status })),
  }));
}

async function loadGroup(scope: TenantScope, groupId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: userGroups.id, name: userGroups.name, description: userGroups.description })
    .from(userGroups)
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, groupId)));
  if (!row) throw notFound("Group");
  return row;
}

async function assertNameFree(scope: TenantScope, name: string, exceptId?: string) {
  const { db: tx, tenantId } = scope;
  const [clash] = await tx
    .select({ id: userGroups.id })
    .from(userGroups)
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.name, name), exceptId ? ne(userGroups.id, exceptId) : undefined));
  if (clash) throw new AppError("CONFLICT", `A group named ${name} already exists.`, "name");
}

/** Creates an empty group. */
export async function createGroup(scope: TenantScope, input: z.infer<typeof createGroupInput>) {
  const { db: tx, tenantId } = scope;
  await assertNameFree(scope, input.name);
  const [row] = await tx.insert(userGroups).values({ tenantId, name: input.name, description: input.description }).returning();
  await audit(scope, {
    action: "group.created",
    target: { type: "user_group", id: row!.id },
    details: { name: input.name },
  });
  return { id: row!.id, name: row!.name, description: row!.description };
}

/** Renames a group or changes its description. */
export async function updateGroup(scope: TenantScope, input: z.infer<typeof updateGroupInput>) {
  const { db: tx, tenantId } = scope;
  const before = await loadGroup(scope, input.groupId);
  await assertNameFree(scope, input.name, input.groupId);
  await tx
    .update(userGroups)
    .set({ name: input.name, description: input.description })
    .where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, input.groupId)));
  await audit(scope, {
    action: "group.updated",
    target: { type: "user_group", id: input.groupId },
    details: { from: before.name, to: input.name },
  });
}

/** Deletes a group and its memberships; notification rules naming it simply stop resolving it. */
export async function deleteGroup(scope: TenantScope, groupId: string) {
  const { db: tx, tenantId } = scope;
  const group = await loadGroup(scope, groupId);
  await tx.delete(userGroups).where(and(eq(userGroups.tenantId, tenantId), eq(userGroups.id, groupId)));
  await audit(scope, {
    action: "group.deleted",
    target: { type: "user_group", id: groupId },
    details: { name: group.name },
  });
}

async function loadMember(scope: TenantScope, membershipId: string) {
  const { db: tx, tenantId } = scope;
  const [row] = await tx
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.id, membershipId)));
  if (!row) throw badInput("membershipId", "That member was not found in this workspace.");
  return row;
}

/** Adds a member to a group (adding one twice changes nothing). */
export async function addGroupMember(scope: TenantScope, input: z.infer<typeof groupMemberInput>) {
  const { db: tx, tenantId } = scope;
  const group = await loadGroup(scope, input.groupId);
  const member = await loadMember(scope, input.membershipId);
  const added = await tx
    .insert(userGroupMembers)
    .values({ tenantId, groupId: group.id, membershipId: member.id })
    .onConflictDoNothing()
    .returning({ id: userGroupMembers.id });
  if (added.length === 0) return;
  await audit(scope, {
    action: "group.member_added",
    target: { type: "user_group", id: group.id },
    details: { group: group.name, membershipId: member.id, member: member.email },
  });
}

/** Removes a member from a group. */
export async function removeGroupMember(scope: TenantScope, input: z.infer<typeof groupMemberInput>) {
  const { db: tx, tenantId } = scope;
  const group = await loadGroup(scope, input.groupId);
  const member = await loadMember(scope, input.membershipId);
  const removed = await tx
    .delete(userGroupMembers)
    .where(
      and(
        eq(userGroupMembers.tenantId, tenantId),
        eq(userGroupMembers.groupId, group.id),
        eq(userGroupMembers.membershipId, member.id),
      ),
    )
    .returning({ id: userGroupMembers.id });
  if (removed.length === 0) return;
  await audit(scope, {
    action: "group.member_removed",
    target: { type: "user_group", id: group.id },
    details: { group: group.name, membershipId: member.id, member: member.email },
  });
}

export const importGroupMembersCsvInput = z.object({
  groupId: zGroupId,
  csv: z.string({ error: "The CSV must be text." }).min(1, "The CSV file is empty.").max(200_000, "The CSV file must be at most 100 KB."),
});

const CSV_MAX_BYTES = 100 * 1024;
const CSV_MAX_ROWS = 1000;

/**
 * A strict RFC 4180 reader for small files (papaparse is not a dependency and this format has one or two columns):
 * commas, CRLF or LF, double-quoted cells with "" escapes. Returns rows of cells, or the first syntax error.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        const next = input[i + 1];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") return { error: `row ${line}: text after a closing quote.` };
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
    } else if (ch === '"') {
      if (cell !== "") return { error: `row ${line}: a quote in the middle of a cell.` };
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      line++;
    } else {
      cell += ch;
    }
  }
  if (quoted) return { error: `row ${line}: a quoted cell is not closed.` };
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return { rows };
}

/**
 * Imports members into user groups from a CSV: a header row with `email` (required) and optionally `group` (a
 * group's name; when set on a row it targets that group instead of `groupId`). At most 1,000 rows and 100 KB.
 * All-or-nothing: any bad row (malformed email, no active member with that email, unknown group) fails the whole
 * import and writes nothing; `errors` then lists every bad row ("row 3: no active member with email x"), row 1 being
 * the header. Members already in their group are counted, not added twice. One audit event per group changed.
 */
export async function importGroupMembersCsv(scope: TenantScope, input: z.infer<typeof importGroupMembersCsvInput>) {
  const { db: tx, tenantId } = scope;
  const group = await loadGroup(scope, input.groupId);
  const fail = (errors: { row: number; message: string }[]) => ({ added: 0, alreadyMembers: 0, errors });
  if (Buffer.byteLength(input.csv, "utf8") > CSV_MAX_BYTES) throw badInput("csv", "The CSV file must be at most 100 KB.");
  const parsed = parseCsv(input.csv);
  if ("error" in parsed) throw badInput("csv", `The CSV file is malformed: ${parsed.error}`);
  const [header, ...body] = parsed.rows;
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const emailAt = columns.indexOf("email");
  const groupAt = columns.indexOf("group");
  if (emailAt < 0) throw badInput("csv", "The first row must be a header naming an email column (and optionally group).");
  const unknown = columns.filter((c) => c !== "email" && c !== "group");
  if (unknown.length > 0) throw badInput("csv", `Unknown column ${unknown[0]}: only email and group are read.`);
  const rows = body.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (rows.length === 0) throw badInput("csv", "The CSV file has no rows under its header.");
  if (rows.length > CSV_MAX_ROWS) throw badInput("csv", `The CSV file has ${rows.length} rows; at most ${CSV_MAX_ROWS} are allowed.`);

  const active = await tx
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.status, "active")));
  const memberByEmail = new Map(active.map((m) => [m.email.toLowerCase(), m.id]));
  const groups = await tx.select({ id: userGroups.id, name: userGroups.name }).from(userGroups).where(eq(userGroups.tenantId, tenantId));
  const groupByName = new Map(groups.map((g) => [g.name.toLowerCase(), g]));

  const errors: { row: number; message: string }[] = [];
  const wanted = new Map<string, { groupId: string; membershipId: string }>();
  for (const { row, cells } of rows) {
    if (cells.length > columns.length) {
      errors.push({ row, message: `row ${row}: ${cells.length} cells, but the header has ${columns.length} columns.` });
      continue;
    }
    const email = (cells[emailAt] ?? "").trim().toLowerCase();
    const groupName = groupAt >= 0 ? (cells[groupAt] ?? "").trim() : "";
    const target = groupName ? groupByName.get(groupName.toLowerCase()) : group;
    if (!email) {
      errors.push({ row, message: `row ${row}: the email is empty.` });
      continue;
    }
    if (!z.email().safeParse(email).success) {
      errors.push({ row, message: `row ${row}: ${email.slice(0, 254)} is not a valid email address.` });
      continue;
    }
    const membershipId = memberByEmail.get(email);
    if (!membershipId) errors.push({ row, message: `row ${row}: no active member with email ${email}.` });
    if (!target) errors.push({ row, message: `row ${row}: no group named ${groupName.slice(0, 100)}.` });
    if (membershipId && target) wanted.set(`${target.id}:${membershipId}`, { groupId: target.id, membershipId });
  }
  if (errors.length > 0) return fail(errors);

  const pairs = [...wanted.values()];
  const inserted = await tx
    .insert(userGroupMembers)
    .values(pairs.map((p) => ({ tenantId, ...p })))
    .onConflictDoNothing()
    .returning({ groupId: userGroupMembers.groupId });
  const byGroup = new Map<string, number>();
  for (const r of inserted) byGroup.set(r.groupId, (byGroup.get(r.groupId) ?? 0) + 1);
  for (const [groupId, added] of byGroup) {
    await audit(scope, {
      action: "group.members_imported",
      target: { type: "user_group", id: groupId },
      details: { group: groups.find((g) => g.id === groupId)?.name ?? "", added },
    });
  }
  return { added: inserted.length, alreadyMembers: pairs.length - inserted.length, errors: [] as { row: number; message: string }[] };
}
