/**
 * The history store's schema, one list of versioned migrations written once for both dialects
 * (SQLite and PostgreSQL differ in the id column and the floating-point type only). A store at a
 * newer version than this fxperf knows is refused; an older one is migrated in one transaction.
 * Pure: SQL text out.
 */

/** The schema version this fxperf writes. */
export const HISTORY_SCHEMA_VERSION = 1;

type Dialect = "sqlite" | "postgres";

/** The statements that take a store from version `index` to `index + 1`. */
const MIGRATIONS: readonly ((d: Dialect) => string[])[] = [
  (d) => {
    const id = d === "sqlite" ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    const ref = d === "sqlite" ? "INTEGER" : "BIGINT";
    const real = d === "sqlite" ? "REAL" : "DOUBLE PRECISION";
    return [
      `CREATE TABLE IF NOT EXISTS fxperf_runs (
        id ${id},
        command TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        commit_sha TEXT,
        branch TEXT,
        base_commit TEXT,
        fingerprint TEXT NOT NULL,
        fingerprint_json TEXT NOT NULL,
        fxperf_version TEXT NOT NULL,
        runtime TEXT NOT NULL
      )`,
      `CREATE TABLE IF NOT EXISTS fxperf_results (
        run_id ${ref} NOT NULL REFERENCES fxperf_runs (id) ON DELETE CASCADE,
        spec_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        value_ns ${real},
        p50_ns ${real},
        p99_ns ${real},
        rps ${real},
        fork_p50s_ns TEXT,
        ratio ${real},
        ratio_low ${real},
        ratio_high ${real},
        PRIMARY KEY (run_id, spec_id)
      )`,
      "CREATE INDEX IF NOT EXISTS fxperf_runs_series ON fxperf_runs (fingerprint, branch, recorded_at)",
      "CREATE INDEX IF NOT EXISTS fxperf_results_spec ON fxperf_results (spec_id, run_id)",
    ];
  },
];

/** The table that holds the version: one row. */
export function versionTable(): string {
  return "CREATE TABLE IF NOT EXISTS fxperf_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";
}

/** The statements from version `from` to the current one. */
export function migrationsFrom(from: number, dialect: Dialect): string[] {
  return MIGRATIONS.slice(from).flatMap((m) => m(dialect));
}

/** Records the version reached. */
export const SET_VERSION =
  "INSERT INTO fxperf_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version";
