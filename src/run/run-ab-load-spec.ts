/**
 * Measures one load spec of `fxperf ab` on both sides: wrk runs alternating between the trees in
 * ABBA order, against each tree's own server (started by its spec file or its suites' beforeAll
 * hooks, in a host process per side: load-host.ts). The figure compared is the time per request
 * (1 / requests per second), pair by pair: each pair's two runs follow each other, so the machine's
 * state of the moment hits both, and the verdict rests on the pairs' own head/base ratios (the
 * paired rule of micro specs: judgePaired). Each side's first run is a warm-up and is discarded: the
 * server's JIT and connection pools are cold before it (docs/load-testing.md).
 */
import { stopsTheRun } from "../errors.ts";
import { findModes } from "../verdict/modes.ts";
import type { LoadBackend, LoadResult } from "../load/load-result.ts";
import { LoadError } from "../load/load-result.ts";
import type { AbSide, AbSpecResult } from "../result/ab-result.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { judgePaired } from "../verdict/ab-verdict.ts";
import { forkCentre, INTERIM_LEVEL, MIN_VERDICT_FORKS } from "../verdict/fork-comparison.ts";
import { type LoadHost, LoadHostFailure } from "./load-host.ts";
import { judgedFields, pairOrder, SideFailure } from "./run-ab-micro-spec.ts";
import { type Schedule, runUntilDecided } from "./run-forks.ts";
import { toLoadRequest } from "./run-load-spec.ts";
import { Interrupted } from "./interrupted.ts";
import { toSpecError } from "./with-timeout.ts";

/**
 * Base/head pairs of wrk runs before the first decision, when neither --forks nor .forks() says.
 * The head/base ratio of two adjacent 1 s runs spread 3-11% on the CI VM (bench/ab-load.ts,
 * docs/benchmarks.md §7.6); more pairs follow while undecided, within {@link AB_LOAD_MAX_TIME_NS}.
 */
export const AB_LOAD_PAIRS = 4;

/**
 * A load spec's time budget when `--max-time` does not say: pairs are added while undecided until
 * the next would end past it (about 10 pairs of 1 s runs). Replayed on recorded runs, 10 pairs
 * decided what 4, 6 or 8 did not (docs/benchmarks.md §7.6); a load spec costs more than a micro one.
 */
export const AB_LOAD_MAX_TIME_NS = 25e9;

/** A side's discarded warm-up run lasts the spec's `.warmup()`, else this long (or the run, when shorter). */
export const AB_LOAD_WARMUP_S = 1;

/** How `ab` runs a load spec. */
export interface AbLoadOptions {
  readonly tolerance: number;
  /** wrk, or why load specs are skipped. */
  readonly load: {
    readonly backend: LoadBackend | undefined;
    readonly skipReason: string | undefined;
    readonly cores: number;
    readonly verbose: boolean;
  };
  readonly schedule: Schedule;
  /**
   * Starts a process running a side's hooks (load-host.ts): each side's server runs from its first
   * wrk run to its last, both at once (so a spec's server must not need a fixed port).
   */
  readonly startHost: (side: AbSide, spec: ResolvedLoadSpec) => LoadHost;
  readonly signal: AbortSignal;
  readonly nowNs: () => number;
}

type RunPair = Readonly<Record<AbSide, LoadResult>>;

/** What measuring one side needs of {@link AbLoadOptions}. */
type SideOptions = Pick<AbLoadOptions, "load" | "startHost" | "signal" | "nowNs">;

/** Runs wrk once against one side's server (its warm-up first, on the side's first run). */
async function runOnce(
  spec: ResolvedLoadSpec,
  side: AbSide,
  backend: LoadBackend,
  options: SideOptions,
  warmUp: boolean,
): Promise<LoadResult> {
  try {
    const request = toLoadRequest(spec, options.load.cores, options.load.verbose);
    if (warmUp)
      await backend.run(
        { ...request, durationS: spec.warmupS ?? Math.min(AB_LOAD_WARMUP_S, request.durationS) },
        options.signal,
      );
    return await backend.run(request, options.signal);
  } catch (error) {
    if (options.signal.aborted) throw new Interrupted("interrupted");
    throw new SideFailure(side, error, "load", error instanceof LoadError ? error.output.slice(-2000) : undefined);
  }
}

/** Starts the given sides' hosts, base first; resolves with each side's spec as its host resolved it. */
async function startHosts<S extends AbSide>(
  specs: Readonly<Record<S, ResolvedLoadSpec>>,
  options: SideOptions,
  hosts: Partial<Record<AbSide, LoadHost>>,
): Promise<Record<S, ResolvedLoadSpec>> {
  const hosted: Partial<Record<S, ResolvedLoadSpec>> = {};
  for (const side of (["base", "head"] as const).filter((s): s is S => s in specs)) {
    const host = options.startHost(side, specs[side]);
    hosts[side] = host;
    try {
      hosted[side] = await host.ready;
    } catch (error) {
      if (error instanceof Interrupted || options.signal.aborted) throw new Interrupted("interrupted");
      if (!(error instanceof LoadHostFailure)) throw new SideFailure(side, error, "beforeAll");
      throw new SideFailure(side, new Error(error.error.message), error.error.phase, error.error.output);
    }
  }
  return hosted as Record<S, ResolvedLoadSpec>;
}

/** Ends the hosts still running (their afterAll hooks); throws the first side whose afterAll failed. */
async function releaseHosts(hosts: Partial<Record<AbSide, LoadHost>>): Promise<void> {
  let failure: SideFailure | undefined;
  for (const side of ["base", "head"] as const) {
    const host = hosts[side];
    delete hosts[side];
    const afterAll = await host?.release();
    if (afterAll) failure ??= new SideFailure(side, new Error(afterAll.message), "afterAll", afterAll.output);
  }
  if (failure) throw failure;
}

/** Compares a load spec of the base tree with its twin in the head tree. */
export async function runAbLoadSpec(
  specs: { readonly base: ResolvedLoadSpec; readonly head: ResolvedLoadSpec },
  files: AbSpecResult["files"],
  options: AbLoadOptions,
): Promise<AbSpecResult> {
  const common = { id: specs.head.id, kind: "load" as const, files, warnings: [] as string[] };
  const empty = { base: null, head: null, change: null, pairs: 0, stop: null, elapsedNs: 0, error: null };
  const backend = options.load.backend;
  if (!backend)
    return { ...common, ...empty, status: "skipped", skipReason: options.load.skipReason ?? "load specs skipped" };
  const started = options.nowNs();
  const ratios = (pairs: readonly RunPair[]) => pairs.map((pair) => pair.base.rps / pair.head.rps);
  const hosts: Partial<Record<AbSide, LoadHost>> = {};
  try {
    const hosted = await startHosts(specs, options, hosts);
    const run = await runUntilDecided<RunPair>(
      options.schedule,
      async (index) => {
        const results: Partial<Record<AbSide, LoadResult>> = {};
        for (const side of pairOrder(index))
          results[side] = await runOnce(hosted[side], side, backend, options, index === 0);
        return { base: results.base!, head: results.head! };
      },
      (pairs) => judgePaired(ratios(pairs), options.tolerance, INTERIM_LEVEL).status !== "undecided",
      options.nowNs,
    );
    await releaseHosts(hosts);
    const judged = judgePaired(ratios(run.forks), options.tolerance);
    const warnings = (["base", "head"] as const).flatMap((side) =>
      failedRunsWarning(
        side,
        run.forks.map((pair) => pair[side]),
      ),
    );
    const figures = (side: AbSide) => sideFigures(run.forks.map((pair) => pair[side]));
    return {
      ...common,
      ...judgedFields(judged, run, options.tolerance, ratios(run.forks)),
      base: figures("base"),
      head: figures("head"),
      skipReason: null,
      warnings,
    };
  } catch (error) {
    return { ...common, ...empty, ...(await failed(error, hosts)), elapsedNs: options.nowNs() - started };
  }
}

/** The warning (none or one) when some of a side's wrk runs had failed requests. */
function failedRunsWarning(side: AbSide, runs: readonly LoadResult[]): string[] {
  const errors = runs.filter((r) => r.errorRate > 0).length;
  return errors === 0
    ? []
    : [`${side}: ${errors} of ${runs.length} wrk runs had failed requests (non-2xx/3xx or socket errors)`];
}

/** A side's figures from its wrk runs: the time per request of each, their centre and modes. */
function sideFigures(runs: readonly LoadResult[]): NonNullable<AbSpecResult["head"]> {
  const values = runs.map((r) => 1e9 / r.rps);
  return {
    centreNs: forkCentre(values),
    valuesNs: values,
    cpuShares: [],
    rps: runs.map((r) => r.rps),
    modes: findModes(values),
  };
}

/** The error fields of a spec whose measuring failed (hosts released first); interruptions propagate. */
async function failed(
  error: unknown,
  hosts: Partial<Record<AbSide, LoadHost>>,
): Promise<Pick<AbSpecResult, "status" | "error" | "skipReason">> {
  await releaseHosts(hosts).catch(() => {});
  if (error instanceof Interrupted) throw error;
  const failure = error instanceof SideFailure ? error : new SideFailure("head", error, "load");
  if (stopsTheRun(failure.reason)) throw failure.reason;
  const specError = toSpecError(failure.reason, "spec");
  return {
    status: "error",
    error: {
      side: failure.side,
      phase: specError.phase === "timeout" ? "timeout" : failure.phase,
      message: specError.message,
      output: failure.output ?? null,
    },
    skipReason: null,
  };
}

/**
 * A load spec only the head has ("added"): measured alone in {@link MIN_VERDICT_FORKS} wrk runs
 * against the head's server (the first after its warm-up), so its author sees a figure; the status
 * stays "added" and no change is judged. Without wrk it is listed, saying why it was not measured.
 */
export async function measureAddedLoadSpec(
  spec: ResolvedLoadSpec,
  files: AbSpecResult["files"],
  options: SideOptions,
): Promise<AbSpecResult> {
  const common = { id: spec.id, kind: "load" as const, files, base: null, change: null, pairs: 0, stop: null };
  const backend = options.load.backend;
  if (!backend) {
    const why = `not measured: ${options.load.skipReason ?? "load specs skipped"}`;
    return { ...common, status: "added", head: null, elapsedNs: 0, error: null, skipReason: null, warnings: [why] };
  }
  const started = options.nowNs();
  const hosts: Partial<Record<AbSide, LoadHost>> = {};
  try {
    const { head } = await startHosts({ head: spec }, options, hosts);
    const runs: LoadResult[] = [];
    for (let index = 0; index < MIN_VERDICT_FORKS; index++)
      runs.push(await runOnce(head, "head", backend, options, index === 0));
    await releaseHosts(hosts);
    return {
      ...common,
      status: "added",
      head: sideFigures(runs),
      elapsedNs: options.nowNs() - started,
      error: null,
      skipReason: null,
      warnings: failedRunsWarning("head", runs),
    };
  } catch (error) {
    const fields = await failed(error, hosts);
    return { ...common, head: null, ...fields, elapsedNs: options.nowNs() - started, warnings: [] };
  }
}
