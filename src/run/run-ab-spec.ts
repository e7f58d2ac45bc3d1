/**
 * Measures one micro spec of `fxperf ab` on both sides: pairs of forks, one per tree, in ABBA
 * order (base then head, head then base, ...) so that warm-up of the machine and its drift hit both
 * sides alike; pairs are added while the verdict is undecided and the time budget lasts (the same
 * `runForks()` as `run`). A fork that fails makes the spec ERROR, naming the side.
 */
import type { AbSide, AbSideFigures, AbSpecResult } from "../result/ab-result.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { type AbJudgement, judgeAb } from "../verdict/ab-verdict.ts";
import type { ForkStop } from "../result/spec-result.ts";
import {
  descheduledForksWarning,
  FINAL_LEVEL,
  forkCentre,
  INTERIM_LEVEL,
  scatteredForksWarning,
} from "../verdict/fork-comparison.ts";
import { FORK_DEFAULTS, type ForkSchedule, runForks } from "./run-forks.ts";
import { ForkFailure, ForkInterrupted, type ForkLauncher, type ForkMeasurement } from "./spawn-fork.ts";
import { toSpecError } from "./with-timeout.ts";

/** A spec's default time budget in `ab`, both sides together: `run`'s budget for each side. */
export const AB_DEFAULT_MAX_TIME_NS = 2 * FORK_DEFAULTS.maxTimeNs;

/** How `ab` measures a micro spec. */
export interface AbMicroOptions {
  /** Slowdown allowed before the spec counts as regressed, as a fraction. */
  readonly tolerance: number;
  /** Pairs before the first decision (`minForks`), the cap, and the spec's time budget (both sides). */
  readonly schedule: ForkSchedule;
  /** Each fork's timeout. */
  readonly timeoutNs: number;
  readonly nowNs: () => number;
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
): Pick<AbSpecResult, "status" | "change" | "pairs" | "stop" | "elapsedNs" | "error"> {
  return {
    status: judged.status,
    change: { ratio: judged.ratio, low: judged.low, high: judged.high, level: FINAL_LEVEL, tolerance },
    pairs: run.forks.length,
    stop: run.stop,
    elapsedNs: run.elapsedNs,
    error: null,
  };
}

/** Pair `index` runs base first when even, head first when odd: AB BA AB BA ... */
export function pairOrder(index: number): readonly [AbSide, AbSide] {
  return index % 2 === 0 ? ["base", "head"] : ["head", "base"];
}

function sideFigures(forks: readonly ForkMeasurement[]): AbSideFigures {
  const values = forks.map((f) => f.measurement.p50);
  return {
    centreNs: forkCentre(values),
    valuesNs: values,
    cpuShares: forks.map((f) => f.cpuShare ?? null),
    rps: [],
  };
}

/** Measures `specs.base` in the base tree and `specs.head` in the head tree, and judges head / base. */
export async function runAbMicroSpec(
  specs: { readonly base: ResolvedMicroSpec; readonly head: ResolvedMicroSpec },
  files: AbSpecResult["files"],
  options: AbMicroOptions,
  launchers: Readonly<Record<AbSide, ForkLauncher>>,
): Promise<AbSpecResult> {
  const started = options.nowNs();
  const launchPair = async (index: number): Promise<ForkPair> => {
    const measured: Partial<Record<AbSide, ForkMeasurement>> = {};
    for (const side of pairOrder(index)) {
      const spec = specs[side];
      const request = { file: spec.file, id: spec.id, measureHeap: false, reference: false };
      try {
        measured[side] = await launchers[side](request, index, options.timeoutNs);
      } catch (error) {
        throw error instanceof ForkInterrupted ? error : new SideFailure(side, error);
      }
    }
    return { base: measured.base!, head: measured.head! };
  };
  const p50s = (pairs: readonly ForkPair[], side: AbSide) => pairs.map((pair) => pair[side].measurement.p50);
  const isDecided = (pairs: readonly ForkPair[]) =>
    judgeAb(p50s(pairs, "base"), p50s(pairs, "head"), options.tolerance, INTERIM_LEVEL).status !== "undecided";
  const common = { id: specs.head.id, kind: "micro" as const, files, skipReason: null };
  try {
    const run = await runForks(options.schedule, launchPair, isDecided, options.nowNs);
    const judged = judgeAb(p50s(run.forks, "base"), p50s(run.forks, "head"), options.tolerance);
    const warnings: string[] = [];
    for (const side of ["base", "head"] as const) {
      const forks = run.forks.map((pair) => pair[side]);
      const scattered = scatteredForksWarning(forks.map((f) => f.measurement.p50));
      if (scattered) warnings.push(`${side}: ${scattered}`);
      const starved = descheduledForksWarning(forks.map((f) => f.cpuShare ?? undefined));
      if (starved) warnings.push(`${side}: ${starved}`);
    }
    return {
      ...common,
      ...judgedFields(judged, run, options.tolerance),
      base: sideFigures(run.forks.map((pair) => pair.base)),
      head: sideFigures(run.forks.map((pair) => pair.head)),
      warnings,
    };
  } catch (error) {
    if (error instanceof ForkInterrupted) throw error;
    const side: AbSide = error instanceof SideFailure ? error.side : "head";
    const cause = error instanceof SideFailure ? error.reason : error;
    const specError =
      cause instanceof ForkFailure
        ? { phase: cause.phase, message: cause.message, output: cause.output ?? null }
        : { ...toSpecError(cause, "spec"), output: null };
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
