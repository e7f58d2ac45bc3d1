/**
 * Reads `--shard-timings <file>`: each spec's wall time in a previous report, so shards can be
 * balanced by time rather than count. Takes a JSON report of `run` or `ab` (a merged one too) or
 * a shard file. Pure: text in, a map of spec id to nanoseconds out.
 */
import { FxperfError } from "../errors.ts";
import { parseShardFile } from "./shard-file.ts";

type Row = { id?: unknown; elapsedNs?: unknown; micro?: { forks?: { elapsedNs?: unknown } | null } | null };

/** Each spec's time in the report at `name` (text `text`); specs without one are left out. */
export function parseShardTimings(text: string, name: string): Map<string, number> {
  const problem = (why: string) =>
    new FxperfError("USAGE", `Option "--shard-timings" is "${name}": ${why}`, {
      hint: "give a JSON report of an earlier run of this suite (--reporter json), or a shard file",
    });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw problem("not valid JSON (a truncated file?)");
  }
  const rows: readonly Row[] | undefined =
    (document as { kind?: unknown } | null)?.kind === "fxperf-shard"
      ? shardRows(text, name, problem)
      : Array.isArray((document as { specs?: unknown } | null)?.specs)
        ? (document as { specs: Row[] }).specs
        : undefined;
  if (!rows) throw problem('not an fxperf report: it has no "specs" list');
  const timings = new Map<string, number>();
  for (const row of rows) {
    const ns = typeof row.elapsedNs === "number" ? row.elapsedNs : row.micro?.forks?.elapsedNs;
    if (typeof row.id === "string" && typeof ns === "number" && Number.isFinite(ns) && ns >= 0) timings.set(row.id, ns);
  }
  return timings;
}

/** The rows of a shard file; a damaged one is the option's problem. */
function shardRows(text: string, name: string, problem: (why: string) => FxperfError): readonly Row[] {
  try {
    return parseShardFile(text, name).result.specs as readonly Row[];
  } catch (error) {
    throw problem((error as Error).message);
  }
}
