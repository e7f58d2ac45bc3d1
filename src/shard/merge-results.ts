/**
 * `fxperf merge`: shard results back into the one result the unsharded run would have given.
 * Checks that the shards belong together (one command, one fxperf version, one suite, one
 * commit), that no spec was measured twice, and puts every spec back in the suite's order. A
 * shard that did not report leaves its specs as errors that name it, so the merged result is not
 * green. Pure: shard files in, one result out.
 */
import { FxperfError } from "../errors.ts";
import { type AbRunResult, type AbSpecResult, countAbStatuses, unmeasuredAbSpec } from "../result/ab-result.ts";
import { countStatuses, type GuardReport, type RunResult } from "../result/run-result.ts";
import type { PlannedSpec, ShardInfo } from "../result/shard-info.ts";
import type { SpecResult } from "../result/spec-result.ts";
import type { ShardFile } from "./shard-file.ts";
import { formatShard } from "./parse-shard.ts";

/** A shard file as read, with the name errors call it by. */
export interface NamedShard {
  readonly name: string;
  readonly file: ShardFile;
}

/** The merged result, and the shards that did not report (with their planned specs). */
export type Merged =
  | { readonly command: "run"; readonly result: RunResult; readonly missing: readonly MissingShard[] }
  | { readonly command: "ab"; readonly result: AbRunResult; readonly missing: readonly MissingShard[] };

/** A shard no file was given for. */
export interface MissingShard {
  readonly index: number;
  readonly total: number;
  readonly specs: readonly PlannedSpec[];
}

const usage = (message: string, hint: string) => new FxperfError("USAGE", message, { hint });

/** Merges shard files of one `run` or one `ab`; throws a usage error (exit 2) naming the file at fault. */
export function mergeShards(shards: readonly NamedShard[]): Merged {
  const first = shards[0];
  if (!first) throw usage('"fxperf merge" needs shard files to merge', "for example: fxperf merge fxperf-shard-*.json");
  for (const shard of shards) {
    if (shard.file.command !== first.file.command) {
      throw usage(
        `Cannot merge "${shard.name}" (fxperf ${shard.file.command}) with "${first.name}" (fxperf ${first.file.command}): one command's shards at a time`,
        "merge run's shard files and ab's separately",
      );
    }
    if (shard.file.result.fxperfVersion !== first.file.result.fxperfVersion) {
      throw usage(
        `Cannot merge "${shard.name}" (fxperf ${shard.file.result.fxperfVersion}) with "${first.name}" (fxperf ${first.file.result.fxperfVersion}): shards must come from one fxperf version`,
        "run every shard with the same fxperf release (pin FXPERF_VERSION in CI)",
      );
    }
  }
  // One file of a whole run: nothing to put together (re-rendering its reports).
  if (shards.length === 1 && first.file.result.shard === undefined) {
    return first.file.command === "run"
      ? { command: "run", result: first.file.result, missing: [] }
      : { command: "ab", result: first.file.result, missing: [] };
  }
  const plan = checkPlan(shards);
  const commits = new Set(shards.map((s) => commitOf(s.file)).filter((c) => c !== null));
  if (commits.size > 1) {
    throw usage(
      `Cannot merge shards of different commits: ${shards.map((s) => `"${s.name}" at ${commitOf(s.file)?.slice(0, 10) ?? "?"}`).join(", ")}`,
      "merge the shards of one CI pipeline",
    );
  }
  const present = new Set(shards.map((s) => s.file.result.shard?.index ?? 1));
  const missing: MissingShard[] = [];
  for (let index = 1; index <= plan.total; index++) {
    if (!present.has(index))
      missing.push({ index, total: plan.total, specs: plan.planned.filter((p) => p.shard === index) });
  }
  if (first.file.command === "run") {
    const files = shards.map((s) => ({ name: s.name, result: s.file.result as RunResult }));
    return { command: "run", result: mergeRun(files, plan, missing), missing };
  }
  const files = shards.map((s) => ({ name: s.name, result: s.file.result as AbRunResult }));
  return { command: "ab", result: mergeAb(files, plan, missing), missing };
}

/** The commit a shard measured (ab: its head). */
function commitOf(file: ShardFile): string | null {
  return file.command === "run" ? file.result.git.commit : file.result.head.commit;
}

/** The suite's plan every shard agrees on; an unsharded file counts as shard 1/1. */
function checkPlan(shards: readonly NamedShard[]): Pick<ShardInfo, "total" | "planned"> {
  const infos = shards.map((s) => ({ name: s.name, info: s.file.result.shard }));
  const sharded = infos.filter((i) => i.info !== undefined);
  const unsharded = infos.find((i) => i.info === undefined);
  if (unsharded) {
    throw usage(
      `Cannot merge "${unsharded.name}": it is the report of a whole run, not of a shard`,
      "merge the files of one sharded run (--shard i/n), or re-render one file alone",
    );
  }
  const reference = sharded[0]!;
  const key = (info: ShardInfo) => JSON.stringify(info.planned.map((p) => [p.id, p.shard]));
  const byIndex = new Map<number, string>();
  for (const { name, info } of sharded) {
    if (info!.total !== reference.info!.total) {
      throw usage(
        `Cannot merge "${name}" (shard ${formatShard(info!)}) with "${reference.name}" (shard ${formatShard(reference.info!)}): different numbers of shards`,
        "merge the shards of one sharded run",
      );
    }
    if (key(info!) !== key(reference.info!)) {
      throw usage(
        `Cannot merge "${name}" with "${reference.name}": they are shards of different suites (${info!.planned.length} and ${reference.info!.planned.length} specs planned, or split differently)`,
        "every shard must select the same specs with the same --shard-timings file; merge the shards of one run",
      );
    }
    const twin = byIndex.get(info!.index);
    if (twin !== undefined) {
      throw usage(
        `Shard ${formatShard(info!)} was given twice: "${twin}" and "${name}"`,
        "give each shard's file once",
      );
    }
    byIndex.set(info!.index, name);
  }
  return { total: reference.info!.total, planned: reference.info!.planned };
}

/**
 * Each planned spec's rows, from whichever shard measured it: its own row and the rows that follow
 * it there (a failing afterAll hook, a complexity fit). Rows before any planned spec are kept too.
 */
function rowsById<R extends { readonly id: string }>(
  files: readonly { readonly name: string; readonly result: { readonly specs: readonly R[] } }[],
  planned: readonly PlannedSpec[],
): { byId: Map<string, R[]>; loose: R[] } {
  const ids = new Set(planned.map((p) => p.id));
  const byId = new Map<string, R[]>();
  const from = new Map<string, string>();
  const loose: R[] = [];
  for (const { name, result } of files) {
    let current: R[] | undefined;
    for (const row of result.specs) {
      if (ids.has(row.id) && !(current && byId.get(row.id) === current)) {
        const other = from.get(row.id);
        if (other !== undefined) {
          throw usage(
            `Spec "${row.id}" was measured in two shards: "${other}" and "${name}"`,
            "shards of one run are disjoint: merge the files of one sharded run only",
          );
        }
        from.set(row.id, name);
        current = [row];
        byId.set(row.id, current);
      } else if (current) current.push(row);
      else loose.push(row);
    }
  }
  return { byId, loose };
}

const notMeasured = (shard: MissingShard) =>
  `not measured: shard ${formatShard(shard)} did not report (no file was given for it)`;

/** Every shard's guard findings together; unguarded when any shard was. */
function mergeGuard(guards: readonly GuardReport[]): GuardReport {
  return {
    guarded: guards.every((g) => g.guarded),
    refusals: [...new Set(guards.flatMap((g) => g.refusals))],
    warnings: [...new Set(guards.flatMap((g) => g.warnings))],
  };
}

/** The earliest start and the latest end. */
function span(results: readonly { readonly startedAt: string; readonly endedAt: string }[]) {
  return {
    startedAt: results.map((r) => r.startedAt).sort()[0]!,
    endedAt: results
      .map((r) => r.endedAt)
      .sort()
      .at(-1)!,
  };
}

/**
 * Puts rows back in the plan's order, with an error row for each spec of a missing shard (or
 * missing from a shard's file that ran to its end). Rows tied to no planned spec come first, as
 * they do in a run (an afterAll hook that failed before any spec of the shard ended).
 */
function ordered<R extends { readonly id: string }>(
  files: readonly {
    readonly name: string;
    readonly result: { readonly specs: readonly R[]; readonly interrupted: boolean; readonly shard?: ShardInfo };
  }[],
  plan: Pick<ShardInfo, "planned" | "total">,
  missing: readonly MissingShard[],
  missingRow: (spec: PlannedSpec, why: string) => R,
): R[] {
  const { byId, loose } = rowsById(files, plan.planned);
  const missingOf = new Map(missing.flatMap((m) => m.specs.map((s) => [s.id, m] as const)));
  const fileOf = new Map(files.map((f) => [f.result.shard?.index ?? 1, f]));
  const rows: R[] = [];
  for (const spec of plan.planned) {
    const shard = missingOf.get(spec.id);
    const own = byId.get(spec.id);
    const file = fileOf.get(spec.shard);
    if (shard) rows.push(missingRow(spec, notMeasured(shard)));
    else if (own) rows.push(...own);
    // An interrupted shard stopped before some of its specs, as an interrupted run does: no row.
    else if (file && !file.result.interrupted)
      rows.push(
        missingRow(spec, `not measured: "${file.name}" (shard ${spec.shard}/${plan.total}) has no result for it`),
      );
  }
  return [...loose, ...rows];
}

function mergeRun(
  files: readonly { readonly name: string; readonly result: RunResult }[],
  plan: Pick<ShardInfo, "planned" | "total">,
  missing: readonly MissingShard[],
): RunResult {
  const results = files.map((f) => f.result);
  const first = results[0]!;
  const specs = ordered(files, plan, missing, (spec, why): SpecResult => {
    const base = {
      id: spec.id,
      file: spec.file,
      line: undefined,
      tags: [],
      status: "ERROR" as const,
      warnings: [],
      error: { phase: "merge" as const, message: why, stack: undefined },
      skipReason: undefined,
    };
    return spec.kind === "load"
      ? { ...base, kind: "load", load: undefined }
      : { ...base, kind: "micro", measurement: undefined, checks: [], baseline: undefined };
  });
  const slugs = [...new Set(results.map((r) => r.profiles.slug))];
  const notices = [...new Set(results.flatMap((r) => r.profiles.notices))];
  if (slugs.length > 1) notices.push(`The shards ran on ${slugs.length} kinds of machine: ${slugs.join(", ")}`);
  return {
    ...first,
    ...span(results),
    guard: mergeGuard(results.map((r) => r.guard)),
    specs,
    counts: countStatuses(specs),
    selection: {
      loaded: first.selection.loaded,
      selected: plan.planned.length,
      onlyUsed: results.some((r) => r.selection.onlyUsed),
    },
    profiles: { slug: first.profiles.slug, notices },
    interrupted: results.some((r) => r.interrupted),
    strict: results.some((r) => r.strict === true),
    shard: undefined,
  };
}

function mergeAb(
  files: readonly { readonly name: string; readonly result: AbRunResult }[],
  plan: Pick<ShardInfo, "planned" | "total">,
  missing: readonly MissingShard[],
): AbRunResult {
  const results = files.map((f) => f.result);
  const first = results[0]!;
  const specs = ordered(
    files,
    plan,
    missing,
    (spec, why): AbSpecResult =>
      unmeasuredAbSpec(
        { id: spec.id, kind: spec.kind, status: "error", files: { base: null, head: spec.file } },
        { error: { side: "head", phase: "merge", message: why, output: null } },
      ),
  );
  return {
    ...first,
    ...span(results),
    guard: mergeGuard(results.map((r) => r.guard)),
    strict: results.some((r) => r.strict),
    interrupted: results.some((r) => r.interrupted),
    planned: plan.planned.length,
    loadCpus: results.find((r) => r.loadCpus)?.loadCpus ?? null,
    specs,
    counts: countAbStatuses(specs),
    shard: undefined,
  };
}
