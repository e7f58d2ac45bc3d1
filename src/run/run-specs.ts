/**
 * Runs selected specs in order: enters and leaves suites (their beforeAll and
 * afterAll hooks), measures each spec, evaluates it, and tells the reporter.
 * Expected failures (a throw, a timeout, a failing hook) become results; the run goes on.
 */
import type { EngineDeps } from "../micro/engine.ts";
import type { LoadSpecLimits, SpecLimits } from "../profiles/resolve-limits.ts";
import type {
  ComplexityResult,
  MicroSpecResult,
  SpecError,
  SpecResult,
  SpecResultBase,
} from "../result/spec-result.ts";
import type { ResolvedLoadSpec, ResolvedMicroSpec, ResolvedSpec, SpecGroup } from "../spec/resolved.ts";
import { COMPLEXITY_MIN_POINTS } from "../spec/resolve-spec.ts";
import { fitTime, judgeComplexity } from "../verdict/complexity.ts";
import { type LoadRunOptions, runLoadSpec } from "./run-load-spec.ts";
import { type MicroRunOptions, measureEmptyP50Ns, runMicroSpec } from "./run-micro-spec.ts";
import type { ForkLauncher } from "./spawn-fork.ts";
import { type LoadHost, LoadHostFailure } from "./load-host.ts";
import { Interrupted } from "./interrupted.ts";
import { createSuiteWalker, suiteLabel } from "./suite-walker.ts";
import { runSpecLoop, type SpecProgress, type StepOutcome } from "./spec-loop.ts";
import { toSpecError } from "./with-timeout.ts";

/** Default limit on how long one spec (or hook) may take before it is stopped. */
export const DEFAULT_TIMEOUT_NS = 60e9;

/** How to run; `timeoutNs` (`--timeout`) also limits hooks. */
export interface RunSpecsOptions extends MicroRunOptions {
  /** Aborting stops the spec in progress (a micro spec's fork is killed and it has no result) and ends the run. */
  readonly signal: AbortSignal;
  /** Each micro spec's limits and baseline (from resolveLimits). */
  readonly limitsFor: (spec: ResolvedMicroSpec) => SpecLimits;
  /** Each load spec's limits and baseline (from resolveLoadLimits). */
  readonly loadLimitsFor: (spec: ResolvedLoadSpec) => LoadSpecLimits;
  /** How load specs run (or why they are skipped). */
  readonly load: Omit<LoadRunOptions, "requireBaseline">;
  /**
   * Starts a micro spec's forks. A launcher that `runsHooks` (fresh processes) runs the suite
   * hooks in each fork, so this process enters suites only for load specs; an in-process one
   * relies on this process having entered them.
   */
  readonly launcher: ForkLauncher & { readonly runsHooks: boolean };
  /**
   * Starts a process that runs a load spec's hooks (load-host.ts). Without it (unit tests), load
   * specs' suites are entered in this process.
   */
  readonly startLoadHost?: (spec: ResolvedLoadSpec) => LoadHost;
  /** Adds a CPU profile to a micro spec's result when one is wanted (a failure, or --cpu-profile). */
  readonly profileFor?: (spec: ResolvedMicroSpec, result: MicroSpecResult) => Promise<MicroSpecResult>;
}

/** Who hears about each spec of a run as it starts and ends (a Reporter is one). */
export type RunProgress = SpecProgress<SpecResult>;

/** The result of a spec that was not run (skipped, or its suite's beforeAll failed), of the spec's kind. */
function resultWithoutFigures(
  spec: ResolvedSpec,
  outcome: Pick<SpecResultBase, "status" | "error" | "skipReason">,
): SpecResult {
  const base = { id: spec.id, file: spec.file, line: spec.line, tags: spec.tags, warnings: [], ...outcome };
  return spec.kind === "load"
    ? { ...base, kind: "load", load: undefined }
    : { ...base, kind: "micro", measurement: undefined, checks: [], baseline: undefined };
}

/**
 * Runs a load spec whose hooks run in a host process (load-host.ts): its beforeAll hooks there,
 * wrk here against the host's server, then its afterAll hooks there.
 */
async function runHostedLoadSpec(
  spec: ResolvedLoadSpec,
  options: RunSpecsOptions,
  startLoadHost: (spec: ResolvedLoadSpec) => LoadHost,
): Promise<{ result: SpecResult; afterAllError: SpecError | undefined; interrupted: boolean } | "interrupted"> {
  const host = startLoadHost(spec);
  let hosted: ResolvedLoadSpec;
  try {
    hosted = await host.ready;
  } catch (error) {
    await host.release();
    if (error instanceof Interrupted || options.signal.aborted) return "interrupted";
    const specError = error instanceof LoadHostFailure ? error.error : toSpecError(error, "beforeAll");
    return {
      result: resultWithoutFigures(spec, { status: "ERROR", error: specError, skipReason: undefined }),
      afterAllError: undefined,
      interrupted: false,
    };
  }
  const ran = await runLoadSpec(
    { ...spec, ...hosted, id: spec.id, limits: spec.limits },
    options.loadLimitsFor(spec),
    { ...options.load, requireBaseline: options.requireBaseline },
    options.signal,
  );
  const afterAllError = await host.release();
  return { result: ran.result, afterAllError, interrupted: ran.interrupted };
}

/**
 * The row of a group's complexity expectation, once its last member ran: the members' medians
 * fitted to each class, or SKIP saying why there is nothing to fit.
 */
function complexityResult(last: ResolvedMicroSpec, group: SpecGroup, results: readonly SpecResult[]): ComplexityResult {
  const { expected, param } = group.complexity!;
  const members = results.filter((r): r is MicroSpecResult => r.kind === "micro" && r.params?.group === group.id);
  const points = members.flatMap((r) =>
    r.measurement && typeof r.params?.values[param] === "number"
      ? [{ n: r.params.values[param] as number, p50Ns: fitTime(r.forks?.p50sNs ?? [], r.measurement.p50) }]
      : [],
  );
  const base = {
    kind: "complexity" as const,
    id: `${group.id} (complexity)`,
    file: last.file,
    line: last.line,
    tags: last.tags,
    group: group.id,
    param,
    points,
    warnings: [],
    error: undefined,
  };
  const missing =
    members.length < group.size
      ? `only ${members.length} of its ${group.size} specs were selected`
      : points.length < members.length
        ? `${members.length - points.length} of its ${group.size} specs have no median`
        : undefined;
  if (missing || points.length < COMPLEXITY_MIN_POINTS) {
    return {
      ...base,
      status: "SKIP",
      outcome: undefined,
      skipReason: `${expected} not checked: ${missing ?? `${points.length} points are too few to fit`}`,
    };
  }
  const outcome = judgeComplexity(
    points.map((p) => ({ n: p.n, t: p.p50Ns })),
    expected,
  );
  return { ...base, status: outcome.passed ? "PASS" : "FAIL", outcome, skipReason: undefined };
}

/** Runs `specs` and returns one result per spec, plus one per failing afterAll hook. */
export async function runSpecs(
  specs: readonly ResolvedSpec[],
  options: RunSpecsOptions,
  deps: EngineDeps,
  reporter: RunProgress,
): Promise<{ results: SpecResult[]; interrupted: boolean }> {
  // Rows of afterAll hooks that failed as the walker left their suites: they follow the spec before.
  const hookRows: SpecResult[] = [];
  const suites = createSuiteWalker(options.timeoutNs, (suite, hook, error) =>
    hookRows.push(hookRow(`${suiteLabel(suite)} > afterAll`, { ...suite, line: hook.line }, error)),
  );
  let emptyP50Ns: Promise<number> | undefined;
  const measureEmpty = () => {
    emptyP50Ns ??= measureEmptyP50Ns(deps);
    return emptyP50Ns;
  };
  // The last selected member of each group with a complexity expectation: its row follows it.
  const lastOfGroup = new Map<string, number>();
  specs.forEach((spec, index) => {
    if (spec.kind === "micro" && spec.group?.complexity) lastOfGroup.set(spec.group.id, index);
  });

  const measure = async (spec: ResolvedSpec): Promise<StepOutcome<SpecResult>> => {
    if (spec.skip)
      return one(resultWithoutFigures(spec, { status: "SKIP", error: undefined, skipReason: "marked .skip()" }));
    if (spec.kind === "load" && !options.load.backend) {
      // --skip-load, or no wrk with --wrk-optional: nothing is measured, so no hook runs for it.
      const skipReason = options.load.skipReason ?? "load specs skipped";
      return one(resultWithoutFigures(spec, { status: "SKIP", error: undefined, skipReason }));
    }
    if (spec.kind === "load" && options.startLoadHost) {
      const hosted = await runHostedLoadSpec(spec, options, options.startLoadHost);
      if (hosted === "interrupted") return hosted;
      const rows = hosted.afterAllError ? [hookRow(`${spec.id} > afterAll`, spec, hosted.afterAllError)] : [];
      return { results: [hosted.result, ...rows], interrupted: hosted.interrupted };
    }
    if (spec.kind === "micro" && options.launcher.runsHooks) {
      const result = await runMicroSpec(spec, options.limitsFor(spec), options, options.launcher, deps, measureEmpty);
      // Interrupted while its forks ran: the spec did not finish, so it has no result.
      if (options.signal.aborted) return "interrupted";
      return one(result.kind === "micro" && options.profileFor ? await options.profileFor(spec, result) : result);
    }
    const hookError = await suites.enter(spec.suite);
    if (hookError) return one(resultWithoutFigures(spec, { status: "ERROR", error: hookError, skipReason: undefined }));
    if (spec.kind === "load") {
      const ran = await runLoadSpec(
        spec,
        options.loadLimitsFor(spec),
        { ...options.load, requireBaseline: options.requireBaseline },
        options.signal,
      );
      return { results: [ran.result], interrupted: ran.interrupted };
    }
    return one(await runMicroSpec(spec, options.limitsFor(spec), options, options.launcher, deps, measureEmpty));
  };

  const loop = await runSpecLoop(
    specs,
    { signal: options.signal, idOf: (spec) => spec.id },
    reporter,
    async (spec, index, done) => {
      const startedNs = deps.nowNs();
      const outcome = await measure(spec);
      if (outcome === "interrupted") return outcome;
      const [own, ...rows] = outcome.results;
      const timed = own ? [{ ...own, elapsedNs: deps.nowNs() - startedNs }, ...rows] : rows;
      const results = [...hookRows.splice(0), ...timed];
      if (
        !outcome.interrupted &&
        spec.kind === "micro" &&
        spec.group?.complexity &&
        lastOfGroup.get(spec.group.id) === index
      ) {
        results.push(complexityResult(spec, spec.group, [...done, ...results]));
      }
      return { results, interrupted: outcome.interrupted };
    },
  );
  await suites.leaveAll();
  // A signal during the last spec's afterAll hooks (or as the last spec ended) still counts.
  return { results: [...loop.results, ...hookRows], interrupted: loop.interrupted || options.signal.aborted };
}

/** A step with one result. */
const one = (result: SpecResult): StepOutcome<SpecResult> => ({ results: [result] });

/** The row of an afterAll hook that failed. */
function hookRow(id: string, at: Pick<ResolvedSpec, "file" | "line" | "tags">, error: SpecError): SpecResult {
  return {
    id,
    kind: "hook",
    file: at.file,
    line: at.line,
    tags: at.tags,
    status: "ERROR",
    warnings: [],
    error,
    skipReason: undefined,
  };
}
