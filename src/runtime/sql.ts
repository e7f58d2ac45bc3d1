/**
 * SQL connections for the history store, behind one small interface: SQLite through the runtime's
 * own driver (bun:sqlite, node:sqlite: same prepare/all/run shape) and PostgreSQL through Bun.SQL.
 * Statements use PostgreSQL's $1 parameters; SQLite reads them as its ?1.
 */
import type { SqlConnection, SqlValue } from "./runtime.ts";

/** What bun:sqlite's Database and node:sqlite's DatabaseSync both offer. */
export interface SqliteLike {
  exec(sql: string): unknown;
  prepare(sql: string): { all(...params: SqlValue[]): unknown[]; run(...params: SqlValue[]): unknown };
  close(): unknown;
}

/** $1 → ?1: SQLite's numbered parameters. */
const sqliteParameters = (sql: string) => sql.replace(/\$(\d+)/g, "?$1");

/** A connection over an open SQLite database, set up for concurrent writers (WAL, a busy timeout). */
export function wrapSqlite(db: SqliteLike): SqlConnection {
  // The busy timeout first: switching to WAL takes a lock another writer may hold at that moment.
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA foreign_keys = ON");
  let inTransaction = false;
  // Statements are compiled once: recording a run inserts the same statement a thousand times.
  const statements = new Map<string, ReturnType<SqliteLike["prepare"]>>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sqliteParameters(sql));
      statements.set(sql, statement);
    }
    return statement;
  };
  const connection: SqlConnection = {
    dialect: "sqlite",
    all: async (sql, params = []) => prepare(sql).all(...params) as Record<string, unknown>[],
    run: async (sql, params = []) => {
      prepare(sql).run(...params);
    },
    async transaction(fn) {
      if (inTransaction) return fn(connection);
      // IMMEDIATE takes the write lock now (waiting up to the busy timeout), not at the first write.
      db.exec("BEGIN IMMEDIATE");
      inTransaction = true;
      try {
        const result = await fn(connection);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    close: async () => {
      db.close();
    },
  };
  return connection;
}

/** What Bun.SQL offers (a client, or a transaction's). */
export interface BunSqlLike {
  unsafe(sql: string, params?: SqlValue[]): Promise<unknown[]>;
  begin?<T>(fn: (tx: BunSqlLike) => Promise<T>): Promise<T>;
  close?(): Promise<void>;
}

/** A connection over Bun.SQL's PostgreSQL client. */
export function wrapBunPostgres(sql: BunSqlLike): SqlConnection {
  const over = (client: BunSqlLike): SqlConnection => ({
    dialect: "postgres",
    all: async (text, params = []) => (await client.unsafe(text, [...params])) as Record<string, unknown>[],
    run: async (text, params = []) => {
      await client.unsafe(text, [...params]);
    },
    transaction: (fn) => (client.begin ? client.begin((tx) => fn(over(tx))) : fn(over(client))),
    close: async () => {
      await client.close?.();
    },
  });
  return over(sql);
}
