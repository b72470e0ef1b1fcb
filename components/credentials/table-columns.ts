import type { TableColumn } from "@/components/ui/table";
import type { CredentialListOrder, CredentialSort } from "@/lib/credential-list";

type Collapsible = "domain" | "loginUrl" | "totp" | "tags";

/**
 * The passwords table fits its box instead of scrolling sideways. Description, username and password always show;
 * tags, TOTP, login URL and domain give way in that order as the table's own width (a container query, so the
 * sidebar counts) shrinks, and earlier when the owner column takes its share (All passwords: tags and TOTP go together,
 * so a laptop keeps every header readable). While a column is hidden its field shows in the row's details. Below
 * 640 px each row is a card and every field shows with its label. Tailwind only sees whole class names, hence the two
 * spelled-out sets.
 */
type CollapseSet = {
  /** On a column's header and cells. */
  hidden: Record<Collapsible, string>;
  /** On the field's line in the row's details. */
  shown: Record<Collapsible, string>;
  /** The details list itself, laid out while at least the tags are collapsed. */
  detailsList: string;
  /** The tags under the description. */
  tagsUnderName: string;
};

const holderCollapse: CollapseSet = {
  hidden: { tags: "sm:@max-5xl:hidden", totp: "sm:@max-4xl:hidden", loginUrl: "sm:@max-3xl:hidden", domain: "sm:@max-2xl:hidden" },
  shown: { tags: "hidden sm:@max-5xl:block", totp: "hidden sm:@max-4xl:block", loginUrl: "hidden sm:@max-3xl:block", domain: "hidden sm:@max-2xl:block" },
  detailsList: "sm:@max-5xl:grid sm:@max-5xl:grid-cols-2",
  tagsUnderName: "hidden sm:@max-5xl:flex",
};

const ownerCollapse: CollapseSet = {
  hidden: { tags: "sm:@max-6xl:hidden", totp: "sm:@max-6xl:hidden", loginUrl: "sm:@max-4xl:hidden", domain: "sm:@max-3xl:hidden" },
  shown: { tags: "hidden sm:@max-6xl:block", totp: "hidden sm:@max-6xl:block", loginUrl: "hidden sm:@max-4xl:block", domain: "hidden sm:@max-3xl:block" },
  detailsList: "sm:@max-6xl:grid sm:@max-6xl:grid-cols-2",
  tagsUnderName: "hidden sm:@max-6xl:flex",
};

export type ColumnLayout = CollapseSet & { classes: Record<ColumnKey, string> };

const layoutOf = (collapse: CollapseSet): ColumnLayout => ({
  ...collapse,
  // Shared by a column's header and its cells, so both hide together.
  classes: {
    name: "sm:w-[20%]",
    owner: "",
    username: "",
    password: "sm:w-48",
    domain: collapse.hidden.domain,
    loginUrl: collapse.hidden.loginUrl,
    totp: `sm:w-32 ${collapse.hidden.totp}`,
    tags: collapse.hidden.tags,
    actions: "sm:w-14",
  },
});

const layouts = { holder: layoutOf(holderCollapse), withOwner: layoutOf(ownerCollapse) };

export const columnLayout = (showOwner: boolean): ColumnLayout => (showOwner ? layouts.withOwner : layouts.holder);

/** The columns whose header sorts the list, and by what. */
const sortOf: Partial<Record<ColumnKey, CredentialSort>> = { name: "name", owner: "customer", username: "username", domain: "domain" };

export type ColumnKey = "name" | "owner" | "username" | "password" | Collapsible | "actions";

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
  const { classes } = columnLayout(ownerLabel !== null);
  return labels.map(([key, label]) => {
    const sort = sortOf[key];
    const column: TableColumn = { label, className: classes[key], labelHidden: key === "actions" };
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
