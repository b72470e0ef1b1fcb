import type { TableColumn } from "@/components/ui/table";

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
  name: "sm:w-[22%]",
  owner: "",
  username: "",
  password: "sm:w-52",
  domain: collapse.domain,
  loginUrl: collapse.loginUrl,
  totp: `sm:w-32 ${collapse.totp}`,
  tags: collapse.tags,
  actions: "sm:w-14",
} as const;

/** Shows content only while the tags column is collapsed (the tags then sit under the description). */
export const whenTagsCollapsed = "hidden sm:@max-5xl:flex";

export type ColumnKey = keyof typeof columnClasses;

export function passwordsTableColumns(ownerLabel: string | null): TableColumn[] {
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
  return labels.map(([key, label]) => ({ label, className: columnClasses[key], labelHidden: key === "actions" }));
}

/** When the rows are cards (Tailwind's `max-sm`), for the roles that go with the layout. */
export const CARDS_QUERY = "(width < 40rem)";

/** The table as cards on phones: rows become blocks and the header row's words label each cell. */
export const cardTableClasses = "sm:w-full sm:table-fixed max-sm:block max-sm:[&_tbody]:block max-sm:[&_thead]:hidden max-sm:divide-y-0";
