/**
 * What `fxperf ab` compares and how: each tree's spec paths and specs, the head's specs matched
 * with the base's by id (added, removed, skipped, or measured on both sides), each spec's schedule,
 * and where load specs' wrk and servers run.
 */
import { isAbsolute, join, relative, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import { type AbRunResult, type AbSpecResult, unmeasuredAbSpec } from "../result/ab-result.ts";
import { scheduleOf } from "../run/run-forks.ts";
import { type CpuPlacement, parseAllowedCpus, planCpuPlacement } from "../load/placement.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { isGlobPattern } from "../spec/discover.ts";
import type { ImportedSpecs } from "../spec/import-specs.ts";
import type { ResolvedLoadSpec, ResolvedMicroSpec, ResolvedSpec, SpecProblem } from "../spec/resolved.ts";
import { selectSpecs } from "../spec/select-specs.ts";
import { AB_DEFAULT_TOLERANCE } from "../verdict/ab-verdict.ts";
import type { AbSettings } from "./settings.ts";
import { findSpecFiles } from "./prepare.ts";

/** Where the two trees are, and what the report says of them. */
export interface Trees {
  readonly cwd: string;
  readonly baseCwd: string;
  readonly headRoot: string;
  readonly baseRoot: string;
  readonly trees: Pick<AbRunResult, "base" | "head">;
}

/** The spec paths of the head, in the base tree; paths the base lacks are left out (their specs are "added"). */
export async function basePaths(runtime: Runtime, paths: readonly string[], at: Trees): Promise<string[]> {
  const mapped: string[] = [];
  for (const path of paths) {
    // A pattern relative to the working directory means the same relative to the base's.
    if (isGlobPattern(path) && !isAbsolute(path)) {
      mapped.push(path);
      continue;
    }
    const absolute = resolve(at.cwd, path);
    const inTree = relative(at.headRoot, absolute);
    if (inTree.startsWith("..") || isAbsolute(inTree)) {
      throw new FxperfError("USAGE", `Spec path "${path}" is outside the repository ("${at.headRoot}")`, {
        hint: "fxperf ab loads the same paths in both trees: pass paths inside the repository",
      });
    }
    const base = join(at.baseRoot, inTree);
    if ((await runtime.stat(base)) !== undefined) mapped.push(base);
  }
  return mapped;
}

/** Selects one tree's imported specs; problems are kept per file (relative to the tree) and per spec id. */
export function selectTree(loaded: ImportedSpecs, root: string, settings: AbSettings) {
  const selected = selectSpecs(loaded.specs, { ...settings, grep: settings.grep });
  const fileProblems = new Map<string, SpecProblem>();
  const specProblems = new Map<string, SpecProblem>();
  for (const problem of loaded.problems) {
    if (problem.specId) specProblems.set(problem.specId, problem);
    else fileProblems.set(relative(root, problem.file), problem);
  }
  return { loaded, selected, fileProblems, specProblems };
}

/**
 * Where wrk and the load specs' servers run, and the line that says so: wrk on one CPU, the servers
 * on the others, unless `--no-pin`, no load spec is measured, or the machine cannot (the line says why).
 */
export async function placeLoad(
  runtime: Runtime,
  settings: AbSettings,
  specs: readonly ResolvedSpec[],
): Promise<{ readonly placement?: CpuPlacement; readonly message: string } | undefined> {
  if (!settings.pinCpus || settings.load.skipReason || !specs.some((s) => s.kind === "load" && !s.skip)) return;
  const status = await runtime.readTextFile("/proc/self/status").catch(() => "");
  const planned = planCpuPlacement(parseAllowedCpus(status), runtime.which("taskset"));
  if ("reason" in planned) return { message: `Load specs: wrk and the servers share the CPUs: ${planned.reason}.` };
  const { wrkCpus, serverCpus } = planned.placement;
  return {
    placement: planned.placement,
    message: `Load specs: wrk on CPU ${wrkCpus}, the servers on CPU ${serverCpus} (--no-pin to share).`,
  };
}

/** A spec's schedule: `--forks`, else the spec's, else `fallback`; `--max-time`, else `defaultTimeNs` (else the micro default). */
export function abSchedule(
  settings: AbSettings,
  specForks: number | undefined,
  fallback: number,
  defaultTimeNs?: number,
) {
  const maxTimeNs = settings.maxTimeGiven ? settings.maxTimeNs : (defaultTimeNs ?? settings.maxTimeNs);
  return scheduleOf(settings.forks ?? specForks ?? fallback, maxTimeNs, settings.maxTimeGiven);
}

/**
 * A spec's tolerance in `ab`: its own `.tolerance()` (the head's), else `--tolerance` or
 * FXPERF_TOLERANCE (`settings.tolerance`), else 2%. The same order as run's (resolve-limits.ts).
 */
export function abTolerance(spec: Pick<ResolvedSpec, "tolerance">, settings: Pick<AbSettings, "tolerance">): number {
  return spec.tolerance ?? settings.tolerance ?? AB_DEFAULT_TOLERANCE;
}

/** A spec to measure on both sides, or one whose result is known without measuring. */
export type PlanItem =
  | { readonly kind: "measure"; readonly head: ResolvedSpec; readonly base: ResolvedSpec }
  /** A spec only the head has: measured alone, so its author sees a figure. */
  | {
      readonly kind: "added";
      readonly head: ResolvedMicroSpec | ResolvedLoadSpec;
      readonly files: AbSpecResult["files"];
    }
  | { readonly kind: "done"; readonly result: AbSpecResult };

/** A result that needs no measuring. */
function settled(
  spec: ResolvedSpec,
  files: AbSpecResult["files"],
  status: AbSpecResult["status"],
  extra: Partial<Pick<AbSpecResult, "error" | "skipReason">> = {},
): PlanItem {
  return { kind: "done", result: unmeasuredAbSpec({ id: spec.id, kind: spec.kind, files, status }, extra) };
}

/** Pairs head's selected specs with base's by id, in head's order, then the specs only base has. */
export function matchSpecs(
  headSpecs: readonly ResolvedSpec[],
  base: ReturnType<typeof selectTree>,
  at: Trees,
): PlanItem[] {
  const baseById = new Map(base.selected.map((s) => [s.id, s]));
  const plan: PlanItem[] = [];
  for (const spec of headSpecs) {
    const twin = baseById.get(spec.id);
    baseById.delete(spec.id);
    const headFile = relative(at.headRoot, spec.file);
    const files = { base: twin ? relative(at.baseRoot, twin.file) : null, head: headFile };
    const problem = base.specProblems.get(spec.id) ?? (twin ? undefined : base.fileProblems.get(headFile));
    if (problem) {
      plan.push(
        settled(spec, { ...files, base: headFile }, "error", {
          error: { side: "base", phase: "import", message: problem.message, output: null },
        }),
      );
    } else if (!twin) {
      plan.push(!spec.skip ? { kind: "added", head: spec, files } : settled(spec, files, "added"));
    } else if (twin.kind !== spec.kind) {
      plan.push(
        settled(spec, files, "error", {
          error: {
            side: "head",
            phase: "match",
            message: `is a ${spec.kind} spec in head but a ${twin.kind} spec in base: nothing to compare`,
            output: null,
          },
        }),
      );
    } else if (spec.skip || twin.skip) {
      plan.push(settled(spec, files, "skipped", { skipReason: `.skip() in ${spec.skip ? "head" : "base"}` }));
    } else {
      plan.push({ kind: "measure", head: spec, base: twin });
    }
  }
  for (const spec of baseById.values())
    plan.push(settled(spec, { base: relative(at.baseRoot, spec.file), head: null }, "removed"));
  return plan;
}

/** The spec files of the head's paths in the base tree; a pattern the base matches nothing with gives none. */
export async function findBaseFiles(runtime: Runtime, paths: readonly string[], at: Trees): Promise<string[]> {
  const files: string[] = [];
  for (const path of await basePaths(runtime, paths, at)) {
    // Its head specs are then "added".
    const found = await findSpecFiles(runtime, [path], at.baseCwd).catch((error: unknown) => {
      if (error instanceof FxperfError && error.code === "MISSING_PATH" && isGlobPattern(path)) return [];
      throw error;
    });
    files.push(...found.filter((file) => !files.includes(file)));
  }
  return files;
}
