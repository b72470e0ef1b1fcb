import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { contacts, customers, devices } from "@/db/schema";
import type { CustomerChoice, HolderKind, ImportOptions, ImportPlan, PlannedCustomer, PlannedHolder } from "@/lib/imports";
import type { TenantScope } from "@/server/scope";

/*
 * Where rows land: the user's customer choices (existing, new, one for all, one per folder) and the contact or device
 * a column names, resolved to ids. A new customer, contact or device gets its id here; once an import has started,
 * the ids stored in its plan are used again, so every step of its job files each row in the same place.
 */

type ExistingCustomer = { id: string; name: string; archived: boolean };
const nameKey = (name: string) => name.trim().toLowerCase();

/** The tenant's customers, to check choices against and to suggest one by name. */
export async function tenantCustomers(scope: TenantScope): Promise<ExistingCustomer[]> {
  const rows = await scope.db
    .select({ id: customers.id, name: customers.name, archivedAt: customers.archivedAt })
    .from(customers)
    .where(eq(customers.tenantId, scope.tenantId));
  return rows.map((row) => ({ id: row.id, name: row.name, archived: row.archivedAt !== null }));
}

/** The customer each row goes to, by the top-level folder it is filed in (null: no folder, or one customer for all). */
export class CustomerTargets {
  readonly planned: PlannedCustomer[] = [];
  /** Why a folder's rows cannot be filed (its choice names no usable customer), by folder. */
  readonly refusals = new Map<string | null, string>();
  private readonly byId: Map<string, ExistingCustomer>;

  constructor(
    private readonly options: ImportOptions,
    existing: ExistingCustomer[],
    private readonly fixed: PlannedCustomer[] | null,
  ) {
    this.byId = new Map(existing.map((c) => [c.id, c]));
  }

  /** The customer for rows of `folder`; null when they cannot be filed (see `refusals`). */
  forFolder(folder: string | null): PlannedCustomer | null {
    const known = this.planned.find((c) => c.folder === folder);
    if (known || this.refusals.has(folder)) return known ?? null;
    const choice = this.choiceFor(folder);
    const refusal = choice ? this.refusalOf(choice) : `Folder "${folder}" has no customer chosen for it.`;
    if (refusal || !choice) {
      this.refusals.set(folder, refusal!);
      return null;
    }
    const customer = choice.type === "existing" ? this.existing(folder, choice.customerId) : this.created(folder, choice.name.trim());
    if (!customer) {
      this.refusals.set(folder, "The import's plan changed since it started: start it again.");
      return null;
    }
    this.planned.push(customer);
    return customer;
  }

  private choiceFor(folder: string | null): CustomerChoice | null {
    const { customers: choice } = this.options;
    if (choice.mode === "one") return choice.customer;
    if (folder === null) return choice.unfiled;
    return choice.folders.find((f) => f.folder === folder)?.customer ?? null;
  }

  private refusalOf(choice: CustomerChoice): string | null {
    if (choice.type === "new") return null;
    const customer = this.byId.get(choice.customerId);
    if (!customer) return "The customer chosen does not exist in this workspace.";
    return customer.archived ? `${customer.name} is archived: restore it first, or choose another customer.` : null;
  }

  private existing(folder: string | null, id: string): PlannedCustomer {
    return { folder, id, name: this.byId.get(id)!.name, isNew: false };
  }

  /** New customers are one per name, however many folders choose it; a started import's keep their planned ids. */
  private created(folder: string | null, name: string): PlannedCustomer | null {
    const same = (c: PlannedCustomer) => c.isNew && nameKey(c.name) === nameKey(name);
    const id = this.planned.find(same)?.id ?? (this.fixed ? this.fixed.find(same)?.id : randomUUID());
    return id ? { folder, id, name, isNew: true } : null;
  }
}

type ExistingHolder = { id: string; customerId: string; name: string };

/** The contact or device a row's column names, in the row's customer: found by name, else planned as new. */
export class HolderTargets {
  readonly planned: PlannedHolder[] = [];
  private readonly existing = new Map<string, ExistingHolder>();

  private constructor(
    readonly kind: HolderKind,
    existing: ExistingHolder[],
    private readonly fixed: PlannedHolder[] | null,
  ) {
    for (const holder of existing) this.existing.set(holderKey(holder.customerId, holder.name), holder);
  }

  static async load(scope: TenantScope, kind: HolderKind, fixed: PlannedHolder[] | null): Promise<HolderTargets> {
    const table = kind === "contact" ? contacts : devices;
    const rows = await scope.db
      .select({ id: table.id, customerId: table.customerId, name: table.name })
      .from(table)
      .where(and(eq(table.tenantId, scope.tenantId), isNull(table.archivedAt)));
    return new HolderTargets(kind, rows, fixed);
  }

  /** The holder named `name` in `customerId`; null only when a started import's plan lacks it (the data changed). */
  forRow(customerId: string, name: string): PlannedHolder | null {
    const key = holderKey(customerId, name);
    const known = this.planned.find((h) => holderKey(h.customerId, h.name) === key);
    if (known) return known;
    const found = this.existing.get(key);
    const id = found?.id ?? (this.fixed ? this.fixed.find((h) => h.isNew && holderKey(h.customerId, h.name) === key)?.id : randomUUID());
    if (!id) return null;
    const holder = { kind: this.kind, customerId, name: found?.name ?? name, id, isNew: !found };
    this.planned.push(holder);
    return holder;
  }
}

const holderKey = (customerId: string, name: string) => `${customerId}\n${nameKey(name)}`;

/** The customer proposed for a folder: the one of the same name (case aside) if there is one, else a new one. */
export function suggestCustomer(folder: string, existing: ExistingCustomer[]): { choice: CustomerChoice; name: string } {
  const match = existing.find((c) => !c.archived && nameKey(c.name) === nameKey(folder));
  return match ? { choice: { type: "existing", customerId: match.id }, name: match.name } : { choice: { type: "new", name: folder.slice(0, 200) }, name: folder };
}

/** The fixed targets of a started import (null before it starts: targets are planned afresh). */
export const fixedTargets = (plan: ImportPlan | null) => ({ customers: plan?.customers ?? null, holders: plan?.holders ?? null });
