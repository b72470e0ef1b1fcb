import type { TableColumn } from "@/components/ui/table";
import type { CredentialListOrder, CredentialSort } from "@/lib/credential-list";

/**
 * The passwords table fits its box instead of scrolling sideways. Description, username and password always show;
 * tags, TOTP, login URL and domain give way in that order as the table's own width (a container query, so the
 * sidebar counts) shrinks. Below 640 px each row is a card and every field shows with its label.
 */
const collapse = {
  tags: "sm:@max-5xl:hidden",
  totp: "sm:@max-4xl:hidden",
  loginUrl: "sm:@max-3xl:hidden",
  domain: "sm:@max-2xl:hidden",
} as const;

/** Shared by a column's header and its cells, so both hide together. */
export const columnClasses = {
  name: "sm:w-[20%]",
  owner: "",
  username: "",
  password: "sm:w-48",
  domain: collapse.domain,
  loginUrl: collapse.loginUrl,
  totp: `sm:w-32 ${collapse.totp}`,
  tags: collapse.tags,
  actions: "sm:w-14",
} as const;

/** Shows content only while the tags column is collapsed (the tags then sit under the description). */
export const whenTagsCollapsed = "hidden sm:@max-5xl:flex";

/**
 * Shows a row's details line only while its column is collapsed, so what a narrow table hides is still in the row's
 * details (phones show every field on the card, so never there).
 */
export const whenCollapsed = {
  domain: "hidden sm:@max-2xl:block",
  loginUrl: "hidden sm:@max-3xl:block",
  totp: "hidden sm:@max-4xl:block",
  tags: "hidden sm:@max-5xl:block",
} as const;

/** The columns whose header sorts the list, and by what. */
const sortOf: Partial<Record<ColumnKey, CredentialSort>> = { name: "name", owner: "customer", username: "username", domain: "domain" };

export type ColumnKey = keyof typeof columnClasses;

export function passwordsTableColumns(ownerLabel: string | null, sorting: { order: CredentialListOrder; onSort: (order: CredentialListOrder) => void } | null): TableColumn[] {
  const labels: [ColumnKey, string][] = [
    ["name", "Description"],
    ...(ownerLabel ? [["owner", ownerLabel] as [ColumnKey, string]] : []),
    ["username", "Username"],
    ["password", "Password"],
    ["domain", "Domain"],
    ["loginUrl", "Login URL"],
    ["totp", "TOTP"],
    ["tags", "Tags"],
    ["actions", "Actions"],
  ];
  return labels.map(([key, label]) => {
    const sort = sortOf[key];
    const column: TableColumn = { label, className: columnClasses[key], labelHidden: key === "actions" };
    if (!sorting || !sort) return column;
    const current = sorting.order.sort === sort ? sorting.order.direction : null;
    return {
      ...column,
      sort: {
        direction: current === "asc" ? "ascending" : current === "desc" ? "descending" : null,
        // A new column starts A–Z; the current one turns around.
        onSort: () => sorting.onSort({ sort, direction: current === "asc" ? "desc" : "asc" }),
      },
    };
  });
}

/** When the rows are cards (Tailwind's `max-sm`), for the roles that go with the layout. */
export const CARDS_QUERY = "(width < 40rem)";

/** The table as cards on phones: rows become blocks and the header row's words label each cell. */
export const cardTableClasses = "sm:w-full sm:table-fixed max-sm:block max-sm:[&_tbody]:block max-sm:[&_thead]:hidden max-sm:divide-y-0";
