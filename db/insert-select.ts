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

/**
 * `INSERT` of many rows as ONE parameter: the rows as a JSON array, unpacked by jsonb_to_recordset into the table's
 * own column types. A multi-row VALUES list costs Drizzle a parameter and a type check per cell, which made building
 * the statement the biggest cost of an import's staging; JSON.stringify and PostgreSQL's JSON reader do the same
 * work natively. Every row must set the columns the first row sets (the others take their defaults).
 */
export function insertJsonRows<T extends PgTable>(table: T, rows: T["$inferInsert"][]): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] ?? {}).filter((key) => key in columns);
  const names = keys.map((key) => casing.getColumnCasing(columns[key]!));
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], (row as Record<string, unknown>)[key] ?? null]))));
  const list = sql.join(names.map((name) => sql.identifier(name)), sql`, `);
  // The types come from the schema's own column definitions (never from input), as drizzle-kit writes them.
  const record = sql.join(keys.map((key, i) => sql`${sql.identifier(names[i]!)} ${sql.raw(columns[key]!.getSQLType())}`), sql`, `);
  return sql`insert into ${table} (${list}) select ${list} from jsonb_to_recordset(${json}::jsonb) as t(${record})`;
}
