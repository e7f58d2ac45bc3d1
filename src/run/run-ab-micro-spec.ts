/**
 * Measures one micro spec of `fxperf ab` on both sides, in one of two ways:
 *
 * - paired (the default): each fork loads the base's spec file and the head's and measures the two
 *   in alternating rounds; its figure is its own head/base ratio (the median of its rounds'
 *   ratios). The modes a process falls into hit both sides of that ratio alike (docs/measurement.md,
 *   "Modes"), so the verdict rests on ratios that spread by 1-3% where the sides' own figures
 *   spread by 10-20% on real code.
 * - separate: pairs of forks, one per tree, in ABBA order (base then head, head then base, ...),
 *   judged on the ratio of the sides' centres.
 *
 * Forks (or pairs) are added while the verdict is undecided and the time budget lasts (the same
 * `runUntilDecided()` as `run`). A fork that fails makes the spec ERROR, naming the side.
 */
import { stopsTheRun } from "../errors.ts";
import { median } from "../micro/stats.ts";
import type { AbSide, AbSideFigures, AbSpecResult } from "../result/ab-result.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { type AbJudgement, judgeAb, judgePaired } from "../verdict/ab-verdict.ts";
import { findModes, resolvableChange } from "../verdict/modes.ts";
import type { ForkStop } from "../result/spec-result.ts";
import {
  descheduledForksWarning,
  FINAL_LEVEL,
  forkCentre,
  INTERIM_LEVEL,
  MIN_VERDICT_FORKS,
  scatteredForksWarning,
  tooFewForks,
} from "../verdict/fork-comparison.ts";
import { FORK_DEFAULTS, type Schedule, runUntilDecided } from "./run-forks.ts";
import { Interrupted } from "./interrupted.ts";
import { ForkFailure, type ForkLauncher, type ForkMeasurement } from "./spawn-fork.ts";
import { toSpecError } from "./with-timeout.ts";

/** A spec's default time budget in `ab`, both sides together: `run`'s budget for each side. */
export const AB_DEFAULT_MAX_TIME_NS = 2 * FORK_DEFAULTS.maxTimeNs;

/**
 * Paired forks before the first decision: each measures both sides, and on real code at 2% the
 * replay of recorded forks gained nothing from 6 over 4 (docs/benchmarks.md §7).
 */
export const AB_PAIRED_FORKS = 4;

/** How `ab` measures a micro spec. */
export interface AbMicroOptions {
  /** Slowdown allowed before the spec counts as regressed, as a fraction. */
  readonly tolerance: number;
  /** Pairs before the first decision (`minForks`), the cap, and the spec's time budget (both sides). */
  readonly schedule: Schedule;
  /** Each fork's timeout. */
  readonly timeoutNs: number;
  readonly nowNs: () => number;
  /** Measure base and head in the same forks, in alternating rounds (false: one fork per side). */
  readonly paired: boolean;
}

/** A base fork and a head fork. */
interface ForkPair {
  readonly base: ForkMeasurement;
  readonly head: ForkMeasurement;
}

/** Something that failed on one side of `ab`: where, in which phase, why, and what the process printed. */
export class SideFailure extends Error {
  constructor(
    readonly side: AbSide,
    readonly reason: unknown,
    readonly phase = "spec",
    readonly output?: string,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

/** What a judged comparison puts in its result: the verdict, the change with its interval, how it was measured. */
export function judgedFields(
  judged: AbJudgement,
  run: { readonly forks: readonly unknown[]; readonly stop: ForkStop; readonly elapsedNs: number },
  tolerance: number,
  pairRatios?: readonly number[],
): Pick<AbSpecResult, "status" | "change" | "pairs" | "stop" | "elapsedNs" | "error"> {
  return {
    status: judged.status,
    change: {
      ratio: judged.ratio,
      low: judged.low,
      high: judged.high,
      level: FINAL_LEVEL,
      tolerance,
      method: pairRatios ? "paired" : "separate",
      pairRatios: pairRatios ? [...pairRatios] : [],
      resolvable: resolvableChange(judged.low, judged.high) ?? null,
    },
    pairs: run.forks.length,
    stop: run.stop,
    elapsedNs: run.elapsedNs,
    error: null,
  };
}

/** The warning for a comparison stopped before it had the processes a verdict needs. */
function tooFewForksWarning(pairs: number): string[] {
  return pairs > 0 && pairs < MIN_VERDICT_FORKS ? [tooFewForks(pairs, " a side")] : [];
}

/** Pair `index` runs base first when even, head first when odd: AB BA AB BA ... */
export function pairOrder(index: number): readonly [AbSide, AbSide] {
  return index % 2 === 0 ? ["base", "head"] : ["head", "base"];
}

export function sideFigures(values: readonly number[], cpuShares: readonly (number | null)[]): AbSideFigures {
  return {
    centreNs: forkCentre(values),
    valuesNs: [...values],
    cpuShares: [...cpuShares],
    rps: [],
    modes: findModes(values),
  };
}

/** A paired fork's figures: each side's median over its rounds, and the median of the rounds' head/base ratios. */
export function pairedForkFigures(fork: ForkMeasurement): { base: number; head: number; ratio: number } {
  const head = fork.versus?.selfP50s ?? [];
  const base = fork.versus?.otherP50s ?? [];
  const ratios = head.map((h, i) => h / base[i]!).filter((r) => Number.isFinite(r) && r > 0);
  return { base: median(base), head: median(head), ratio: median(ratios) };
}

/** Measures base and head side by side in each fork and judges the forks' own ratios. */
async function runPaired(
  specs: { readonly base: ResolvedMicroSpec; readonly head: ResolvedMicroSpec },
  options: AbMicroOptions,
  launcher: ForkLauncher,
): Promise<
  Pick<AbSpecResult, "status" | "change" | "pairs" | "stop" | "elapsedNs" | "error" | "base" | "head" | "warnings">
> {
  // Odd forks load and measure the base first: whichever side goes first in a process is a little
  // faster or slower, and alternating turns that bias into spread the interval accounts for.
  const request = (index: number) => ({
    file: specs.head.file,
    id: specs.head.id,
    measureHeap: false,
    reference: false,
    abBase: { file: specs.base.file, id: specs.base.id, baseFirst: index % 2 === 1 },
  });
  const ratios = (forks: readonly ForkMeasurement[]) => forks.map((f) => pairedForkFigures(f).ratio);
  const isDecided = (forks: readonly ForkMeasurement[]) =>
    judgePaired(ratios(forks), options.tolerance, INTERIM_LEVEL).status !== "undecided";
  const run = await runUntilDecided(
    options.schedule,
    (index) => launcher(request(index), index, options.timeoutNs),
    isDecided,
    options.nowNs,
  );
  const figures = run.forks.map(pairedForkFigures);
  const judged = judgePaired(ratios(run.forks), options.tolerance);
  const cpuShares = run.forks.map((f) => f.cpuShare ?? null);
  const warnings: string[] = tooFewForksWarning(run.forks.length);
  const starved = descheduledForksWarning(run.forks.map((f) => f.cpuShare ?? undefined));
  if (starved) warnings.push(starved);
  return {
    ...judgedFields(judged, run, options.tolerance, ratios(run.forks)),
    base: sideFigures(
      figures.map((f) => f.base),
      cpuShares,
    ),
    head: sideFigures(
      figures.map((f) => f.head),
      cpuShares,
    ),
    warnings,
  };
}

/** Measures each side in its own forks, in ABBA pairs, and judges the ratio of the sides' centres. */
async function runSeparate(
  specs: { readonly base: ResolvedMicroSpec; readonly head: ResolvedMicroSpec },
  options: AbMicroOptions,
  launchers: Readonly<Record<AbSide, ForkLauncher>>,
): Promise<
  Pick<AbSpecResult, "status" | "change" | "pairs" | "stop" | "elapsedNs" | "error" | "base" | "head" | "warnings">
> {
  const launchPair = async (index: number): Promise<ForkPair> => {
    const measured: Partial<Record<AbSide, ForkMeasurement>> = {};
    for (const side of pairOrder(index)) {
      const spec = specs[side];
      const request = { file: spec.file, id: spec.id, measureHeap: false, reference: false };
      try {
        measured[side] = await launchers[side](request, index, options.timeoutNs);
      } catch (error) {
        throw error instanceof Interrupted ? error : new SideFailure(side, error);
      }
    }
    return { base: measured.base!, head: measured.head! };
  };
  const p50s = (pairs: readonly ForkPair[], side: AbSide) => pairs.map((pair) => pair[side].measurement.p50);
  const isDecided = (pairs: readonly ForkPair[]) =>
    judgeAb(p50s(pairs, "base"), p50s(pairs, "head"), options.tolerance, INTERIM_LEVEL).status !== "undecided";
  const run = await runUntilDecided(options.schedule, launchPair, isDecided, options.nowNs);
  const judged = judgeAb(p50s(run.forks, "base"), p50s(run.forks, "head"), options.tolerance);
  const warnings: string[] = tooFewForksWarning(run.forks.length);
  for (const side of ["base", "head"] as const) {
    const forks = run.forks.map((pair) => pair[side]);
    const scattered = scatteredForksWarning(forks.map((f) => f.measurement.p50));
    if (scattered) warnings.push(`${side}: ${scattered}`);
    const starved = descheduledForksWarning(forks.map((f) => f.cpuShare ?? undefined));
    if (starved) warnings.push(`${side}: ${starved}`);
  }
  const side = (s: AbSide) =>
    sideFigures(
      p50s(run.forks, s),
      run.forks.map((pair) => pair[s].cpuShare ?? null),
    );
  return { ...judgedFields(judged, run, options.tolerance), base: side("base"), head: side("head"), warnings };
}

/** Measures `specs.base` in the base tree and `specs.head` in the head tree, and judges head / base. */
export async function runAbMicroSpec(
  specs: { readonly base: ResolvedMicroSpec; readonly head: ResolvedMicroSpec },
  files: AbSpecResult["files"],
  options: AbMicroOptions,
  launchers: Readonly<Record<AbSide, ForkLauncher>>,
): Promise<AbSpecResult> {
  const started = options.nowNs();
  const common = { id: specs.head.id, kind: "micro" as const, files, skipReason: null };
  try {
    // A paired fork runs in the head's tree; a failure there names the head unless the base's file failed.
    const measured = options.paired
      ? await runPaired(specs, options, pairedLauncher(launchers.head, specs.base.file))
      : await runSeparate(specs, options, launchers);
    return { ...common, ...measured };
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    const side: AbSide = error instanceof SideFailure ? error.side : "head";
    const cause = error instanceof SideFailure ? error.reason : error;
    if (stopsTheRun(cause)) throw cause;
    const specError = abSpecError(cause);
    return {
      ...common,
      status: "error",
      base: null,
      head: null,
      change: null,
      pairs: 0,
      stop: null,
      elapsedNs: options.nowNs() - started,
      error: { side, phase: specError.phase, message: specError.message, output: specError.output },
      warnings: [],
    };
  }
}

/** What an ab result says of a failed fork (its phase, message and output) or any other error. */
export function abSpecError(cause: unknown): { phase: string; message: string; output: string | null } {
  return cause instanceof ForkFailure
    ? { phase: cause.phase, message: cause.message, output: cause.output ?? null }
    : { ...toSpecError(cause, "spec"), output: null };
}

/** The head's launcher, with a failure of a paired fork blamed on the side whose file it names. */
function pairedLauncher(launcher: ForkLauncher, baseFile: string): ForkLauncher {
  return async (request, index, timeoutNs) => {
    try {
      return await launcher(request, index, timeoutNs);
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      const text =
        error instanceof Error ? `${error.message}\n${error.stack ?? ""}\n${(error as ForkFailure).output ?? ""}` : "";
      throw new SideFailure(text.includes(baseFile) ? "base" : "head", error);
    }
  };
}
