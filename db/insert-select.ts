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
 * work natively. The JSON keeps the rows' own (column key) names, so no row is copied to be renamed. Every row must
 * set the columns the first row sets (the others take their defaults).
 */
export function insertJsonRows<T extends PgTable>(table: T, rows: T["$inferInsert"][]): SQL {
  return insertJsonText(table, Object.keys(rows[0] ?? {}) as (keyof T["$inferInsert"] & string)[], JSON.stringify(rows));
}

/**
 * insertJsonRows for rows already written as JSON, one text per row (`JSON.stringify(row)`), each setting `keys`:
 * a caller turning rows into text as it makes them holds only that text, not the rows, until the insert.
 */
export function insertJsonTexts<T extends PgTable>(table: T, keys: (keyof T["$inferInsert"] & string)[], rows: string[]): SQL {
  return insertJsonText(table, keys, `[${rows.join(",")}]`);
}

function insertJsonText<T extends PgTable>(table: T, keys: string[], json: string): SQL {
  const columns = getTableColumns(table);
  const known = keys.filter((key) => key in columns);
  const list = sql.join(known.map((key) => sql.identifier(casing.getColumnCasing(columns[key]!))), sql`, `);
  const fields = sql.join(known.map((key) => sql.identifier(key)), sql`, `);
  // The types come from the schema's own column definitions (never from input), as drizzle-kit writes them.
  const record = sql.join(known.map((key) => sql`${sql.identifier(key)} ${sql.raw(columns[key]!.getSQLType())}`), sql`, `);
  return sql`insert into ${table} (${list}) select ${fields} from jsonb_to_recordset(${json}::jsonb) as t(${record})`;
}
