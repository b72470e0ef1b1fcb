import { getTableColumns, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { CasingCache } from "drizzle-orm/casing";
import type { PgTable } from "drizzle-orm/pg-core";

/** The column naming db/client.ts configures Drizzle with. */
const casing = new CasingCache("snake_case");

/**
 * `INSERT INTO table (columns) SELECT values <from…>`: rows copied inside the database in one statement (an import
 * publishing its staged rows). Drizzle's own insert().select() wants every column of the table, in order, defaults
 * included; this names only the columns given, the others take their defaults. Keys are the table's column keys and
 * values usually other tables' columns, so a rename breaks the build, not the query.
 */
export function insertSelect<T extends PgTable>(table: T, values: { [K in keyof T["$inferInsert"]]?: SQLWrapper }, from: SQL): SQL {
  const columns = getTableColumns(table);
  const entries = Object.entries(values as Record<string, SQLWrapper>);
  const names = entries.map(([key]) => sql.identifier(casing.getColumnCasing(columns[key]!)));
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(
    entries.map(([, value]) => value),
    sql`, `,
  )} ${from}`;
}
