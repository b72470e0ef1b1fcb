import type { PgPreparedQuery, PreparedQueryConfig } from "drizzle-orm/pg-core";
import type { Tx } from "./database";

/** A Drizzle query that can be prepared: a select, insert, update or delete builder. */
type Preparable<T> = { prepare(name: string): PgPreparedQuery<PreparedQueryConfig & { execute: T }> };

/**
 * A statement whose SQL text Drizzle writes once per process, not on every run: writing the text of each statement
 * anew (walking its column and fragment objects) was a fifth of the CPU of a request on the hot paths. `build` writes
 * the statement with `sql.placeholder("name")` where its values go; each run fills them in and sends it in the
 * caller's transaction, so row-level security and the transaction's settings apply as for any other statement. A
 * placeholder's value goes as given, without its column's conversion: a timestamp must be given as ISO text.
 *
 * Nothing is shared between app instances or requests but the text: values never stay behind. `name` only labels
 * the statement (the driver prepares each distinct text once per connection, as for every statement).
 */
export function reusableStatement<TValues extends Record<string, unknown>, TResult>(
  name: string,
  build: (tx: Tx) => Preparable<TResult>,
): (tx: Tx, values: TValues) => Promise<TResult> {
  let prepared: PgPreparedQuery<PreparedQueryConfig & { execute: TResult }> | undefined;
  return (tx, values) => {
    prepared ??= build(tx).prepare(name);
    // Drizzle binds a prepared query to the driver client of the handle it was built on (both of its drivers keep it as
    // `client`); this run's client is the caller's transaction. tests/integration/reusable-statement.test.ts proves it.
    const inTransaction = Object.create(prepared, { client: { value: driverClientOf(tx) } }) as typeof prepared;
    return inTransaction.execute(values);
  };
}

/** The driver's client a transaction handle sends through (one per transaction). */
export function driverClientOf(tx: Tx): object {
  return (tx._.session as unknown as { client: object }).client;
}
