/**
 * The history store: where runs are recorded and read back. A target is a SQLite file (the
 * default, `.fxperf/history.sqlite`) or a `postgres://` URL; either is migrated to this fxperf's
 * schema on open, and each run is written in one transaction, so a killed run leaves nothing
 * half-written and two writers at once lose nothing. Errors name the target, never its password.
 */
import { FxperfError } from "../errors.ts";
import type { Runtime, SqlConnection } from "../runtime/runtime.ts";
import type { ResultRow, RunRow } from "./rows.ts";
import { HISTORY_SCHEMA_VERSION, migrationsFrom, SET_VERSION, versionTable } from "./schema.ts";

/** The default target, relative to the working directory. */
export const DEFAULT_HISTORY_FILE = ".fxperf/history.sqlite";

/** Where the history is: a SQLite file (absolute path) or a PostgreSQL URL. */
export type HistoryTarget =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string };

/** A target as shown in messages: a URL's password (and user) masked. */
export function describeTarget(target: HistoryTarget): string {
  if (target.kind === "sqlite") return target.path;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "a postgres:// URL";
  }
}

/** One recorded spec of one run, as a series reads it. */
export interface HistoryPoint {
  readonly runId: number;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly recordedAt: string;
  readonly specId: string;
  readonly status: string;
  readonly valueNs: number | null;
  readonly forkP50sNs: readonly number[] | null;
}

/** What a series query selects. */
export interface SeriesFilter {
  readonly command: "run" | "ab";
  readonly fingerprint: string;
  readonly branch: string | undefined;
  readonly since: string | undefined;
  readonly specIds: readonly string[] | undefined;
  /** At most this many runs per spec, the latest. */
  readonly last?: number;
}

/** An open store. */
export interface HistoryStore {
  readonly target: HistoryTarget;
  /** Records a run and its specs in one transaction. */
  record(run: RunRow, results: readonly ResultRow[]): Promise<number>;
  /** Every matching point, oldest first. */
  series(filter: SeriesFilter): Promise<HistoryPoint[]>;
  close(): Promise<void>;
}

/** Opens (and migrates) the store at `target`; a failure is an FxperfError naming it. */
export async function openHistory(
  runtime: Pick<Runtime, "openSqlite" | "openPostgres">,
  target: HistoryTarget,
): Promise<HistoryStore> {
  const shown = describeTarget(target);
  const refuse = (why: string, hint: string) =>
    new FxperfError("HISTORY_FAILED", `Cannot use the history "${shown}": ${why}`, { hint });
  let db: SqlConnection;
  try {
    db = target.kind === "sqlite" ? await runtime.openSqlite(target.path) : await runtime.openPostgres(target.url);
  } catch (error) {
    const message = clean((error as Error).message, target);
    throw refuse(
      message,
      target.kind === "sqlite"
        ? "check the path and that it is a SQLite file fxperf wrote"
        : message.includes("Bun build")
          ? "run fxperf's compiled binary (or under Bun), or record in a SQLite file"
          : "check the URL, that the server runs and accepts these credentials",
    );
  }
  try {
    await migrate(db, target);
  } catch (error) {
    await db.close().catch(() => {});
    if (error instanceof FxperfError) throw error;
    throw refuse(clean((error as Error).message, target), "check that the store is an fxperf history and writable");
  }
  return {
    target,
    async record(run, results) {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.all(
            `INSERT INTO fxperf_runs (command, recorded_at, commit_sha, branch, base_commit, fingerprint, fingerprint_json, fxperf_version, runtime)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
            [
              run.command,
              run.recordedAt,
              run.commit,
              run.branch,
              run.baseCommit,
              run.fingerprint,
              run.fingerprintJson,
              run.fxperfVersion,
              run.runtime,
            ],
          );
          const runId = Number(row!.id);
          for (const r of results) {
            await tx.run(
              `INSERT INTO fxperf_results (run_id, spec_id, kind, status, value_ns, p50_ns, p99_ns, rps, fork_p50s_ns, ratio, ratio_low, ratio_high)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
              [
                runId,
                r.specId,
                r.kind,
                r.status,
                r.valueNs,
                r.p50Ns,
                r.p99Ns,
                r.rps,
                r.forkP50sNs ? JSON.stringify(r.forkP50sNs) : null,
                r.ratio,
                r.ratioLow,
                r.ratioHigh,
              ],
            );
          }
          return runId;
        });
      } catch (error) {
        throw refuse(
          `recording the run failed: ${clean((error as Error).message, target)}`,
          "nothing of this run was written; check the store is writable",
        );
      }
    },
    async series(filter) {
      const params: (string | null)[] = [
        filter.command,
        filter.fingerprint,
        filter.branch ?? null,
        filter.since ?? null,
      ];
      let specClause = "";
      if (filter.specIds && filter.specIds.length > 0) {
        specClause = ` AND s.spec_id IN (${filter.specIds.map((_, i) => `$${i + 5}`).join(", ")})`;
        params.push(...filter.specIds);
      }
      // The last runs of each spec are chosen in SQL: a store of thousands of runs is not read whole.
      params.push(filter.last === undefined ? null : String(filter.last));
      const limit = `$${params.length}`;
      const cast = (p: string) => (db.dialect === "postgres" ? `${p}::text` : p);
      const rows = await db.all(
        `SELECT * FROM (
           SELECT r.id AS run_id, r.commit_sha, r.branch, r.recorded_at, s.spec_id, s.status, s.value_ns, s.fork_p50s_ns,
                  ROW_NUMBER() OVER (PARTITION BY s.spec_id ORDER BY r.recorded_at DESC, r.id DESC) AS newest
           FROM fxperf_results s JOIN fxperf_runs r ON r.id = s.run_id
           WHERE r.command = $1 AND r.fingerprint = $2 AND (${cast("$3")} IS NULL OR r.branch = $3)
             AND (${cast("$4")} IS NULL OR r.recorded_at >= $4)${specClause}
         ) ranked
         WHERE ${cast(limit)} IS NULL OR newest <= CAST(${limit} AS INTEGER)
         ORDER BY recorded_at, run_id`,
        params,
      );
      return rows.map((row) => ({
        runId: Number(row.run_id),
        commit: (row.commit_sha as string | null) ?? null,
        branch: (row.branch as string | null) ?? null,
        recordedAt: String(row.recorded_at),
        specId: String(row.spec_id),
        status: String(row.status),
        valueNs: row.value_ns === null || row.value_ns === undefined ? null : Number(row.value_ns),
        forkP50sNs: typeof row.fork_p50s_ns === "string" ? (JSON.parse(row.fork_p50s_ns) as number[]) : null,
      }));
    },
    close: () => db.close(),
  };
}

/** Brings the store to this fxperf's schema, or refuses a newer or a foreign one. */
async function migrate(db: SqlConnection, target: HistoryTarget): Promise<void> {
  const shown = describeTarget(target);
  if (db.dialect === "sqlite") {
    const tables = (await db.all("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => String(r.name));
    const foreign = tables.filter((t) => !t.startsWith("fxperf_") && !t.startsWith("sqlite_"));
    if (foreign.length > 0 && !tables.includes("fxperf_schema")) {
      throw new FxperfError(
        "HISTORY_FAILED",
        `Cannot use the history "${shown}": it is a SQLite database of something else (tables ${foreign.slice(0, 5).join(", ")})`,
        {
          hint: "point --history at a file of its own, e.g. .fxperf/history.sqlite",
        },
      );
    }
  }
  await db.transaction(async (tx) => {
    // Two jobs migrating at once: PostgreSQL serialises them on a lock; SQLite's write lock does.
    if (tx.dialect === "postgres") await tx.run("SELECT pg_advisory_xact_lock(772341)");
    await tx.run(versionTable());
    const [row] = await tx.all("SELECT version FROM fxperf_schema WHERE id = 1");
    const version = row ? Number(row.version) : 0;
    if (version > HISTORY_SCHEMA_VERSION) {
      throw new FxperfError(
        "HISTORY_FAILED",
        `Cannot use the history "${shown}": its schema is version ${version}, newer than this fxperf's (${HISTORY_SCHEMA_VERSION})`,
        {
          hint: "upgrade fxperf to the version that wrote it",
        },
      );
    }
    if (version === HISTORY_SCHEMA_VERSION) return;
    for (const statement of migrationsFrom(version, tx.dialect)) await tx.run(statement);
    await tx.run(SET_VERSION, [HISTORY_SCHEMA_VERSION]);
  });
}

/** A driver's message without the URL's credentials. */
function clean(message: string, target: HistoryTarget): string {
  if (target.kind !== "postgres") return message;
  try {
    const url = new URL(target.url);
    let text = message;
    if (url.password) text = text.replaceAll(url.password, "***").replaceAll(decodeURIComponent(url.password), "***");
    return text.replaceAll(target.url, describeTarget(target));
  } catch {
    return message;
  }
}
