/**
 * The JSON report: a pure function of a RunResult (no verdict is computed here),
 * in the shape of docs/report.schema.json. Figures that could not be measured
 * (NaN) are null.
 */
import { profileJson } from "../result/profile-summary.ts";
import type { LoadResult } from "../load/load-result.ts";
import type { MicroMeasurement } from "../micro/engine.ts";
import { type BaselineSource, loadBaselineBound } from "../profiles/resolve-limits.ts";
import {
  type JsonLimit,
  type JsonReport,
  type JsonSpec,
  REPORT_SCHEMA_ID,
  REPORT_SCHEMA_VERSION,
} from "../result/report-schema.ts";
import type { RunResult } from "../result/run-result.ts";
import type {
  ThresholdCheck,
  ForkSummary,
  LoadSpecResult,
  MicroSpecResult,
  Mode,
  SpecResult,
} from "../result/spec-result.ts";
import type { LimitSource, LoadMetric, MicroStatistic, OverrideNote } from "../spec/resolved.ts";

/** A figure for JSON: NaN, infinities and missing figures become null. */
export const finiteOrNull = (value: number | null | undefined): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

function source(s: LimitSource | BaselineSource): JsonLimit["source"] {
  const empty = { file: null, line: null, variable: null, calibratedAt: null, gitCommit: null };
  if (s.kind === "spec") return { ...empty, kind: "spec", file: s.file, line: s.line ?? null };
  if (s.kind === "override") return { ...empty, kind: "override", variable: s.variable };
  return { ...empty, kind: s.kind, file: s.file, calibratedAt: s.calibratedAt, gitCommit: s.gitCommit };
}

const override = (note: OverrideNote | undefined) =>
  note ? { variable: note.variable, value: note.value, replaced: finiteOrNull(note.replaced) } : null;

/** The unit of a figure a threshold can bound. */
function unitOf(metric: MicroStatistic | LoadMetric): JsonLimit["unit"] {
  if (metric === "heap") return "bytes";
  if (metric === "rps") return "requests/s";
  if (metric === "transfer") return "bytes/s";
  if (metric === "errorRate") return "fraction";
  return "ns";
}

/** A checked threshold (micro or load: the one model) as the JSON report has it. */
function thresholdJson(check: ThresholdCheck): JsonLimit {
  return {
    metric: check.metric,
    direction: check.limit.direction,
    unit: unitOf(check.metric),
    bound: finiteOrNull(check.limit.bound),
    measured: finiteOrNull(check.measured),
    passed: check.passed,
    source: source(check.limit.source),
    override: override(check.limit.override),
  };
}

function loadFigures(r: Omit<LoadResult, "output">) {
  const l = r.latencyNs;
  return {
    requests: finiteOrNull(r.requests),
    durationNs: finiteOrNull(r.durationNs),
    bytesRead: finiteOrNull(r.bytesRead),
    rps: finiteOrNull(r.rps),
    transferBytesPerSec: finiteOrNull(r.transferBytesPerSec),
    latencyNs: {
      avg: finiteOrNull(l.avg),
      stdev: finiteOrNull(l.stdev),
      max: finiteOrNull(l.max),
      p50: finiteOrNull(l.p50),
      p75: finiteOrNull(l.p75),
      p90: finiteOrNull(l.p90),
      p99: finiteOrNull(l.p99),
    },
    errors: {
      connect: finiteOrNull(r.errors.connect),
      read: finiteOrNull(r.errors.read),
      write: finiteOrNull(r.errors.write),
      timeout: finiteOrNull(r.errors.timeout),
      status: finiteOrNull(r.errors.status),
    },
    errorRate: finiteOrNull(r.errorRate),
    source: r.source,
  };
}

/** A mode in the report's units: its centre in ns, its share and count of processes. */
export function jsonMode(mode: Mode): { centreNs: number | null; share: number; count: number } {
  return { centreNs: finiteOrNull(mode.centre), share: mode.share, count: mode.count };
}

/** The figures, limits and baseline of a JSON spec entry; null or empty where its kind has none. */
type JsonFigures = Pick<JsonSpec, "micro" | "load" | "limits" | "baseline">;

function microFigures(m: MicroMeasurement, forks: ForkSummary | undefined): NonNullable<JsonSpec["micro"]> {
  return {
    samples: m.samples,
    iterations: m.iterations,
    batched: m.batched,
    minNs: finiteOrNull(m.min),
    avgNs: finiteOrNull(m.avg),
    p50Ns: finiteOrNull(m.p50),
    p75Ns: finiteOrNull(m.p75),
    p99Ns: finiteOrNull(m.p99),
    maxNs: finiteOrNull(m.max),
    sdNs: finiteOrNull(m.sd),
    madNs: finiteOrNull(m.mad),
    cv: finiteOrNull(m.cv),
    rme: finiteOrNull(m.rme),
    heapBytes: finiteOrNull(m.heapBytes),
    wallNs: finiteOrNull(m.wallNs),
    percentilesNs: m.percentiles.map(finiteOrNull),
    outliers: m.outliers ? { ...m.outliers } : null,
    forks: forks
      ? {
          count: forks.count,
          p50sNs: forks.p50sNs.map(finiteOrNull),
          referenceP50sNs: forks.referenceP50sNs?.map(finiteOrNull) ?? null,
          stop: forks.stop,
          elapsedNs: finiteOrNull(forks.elapsedNs),
          cpuShares: forks.cpuShares?.map(finiteOrNull),
          ...(forks.modes ? { modes: forks.modes.map(jsonMode) } : {}),
        }
      : null,
  };
}

function microEntry(spec: MicroSpecResult): JsonFigures {
  const m = spec.measurement;
  const limits: JsonLimit[] = [];
  let baseline: JsonSpec["baseline"] = null;
  if (spec.baseline) {
    const { comparison, outcome } = spec.baseline;
    limits.push({
      metric: "p50",
      direction: "max",
      unit: "ns",
      // The rule compares fork centres: the bound and the figure are the ones the ratio is of.
      bound: finiteOrNull((outcome.baselineCentre ?? comparison.baseline.p50) * outcome.limitRatio),
      measured: finiteOrNull(outcome.centre ?? m?.p50),
      passed: outcome.decision !== "fail",
      source: source(comparison.source),
      override: override(comparison.override),
    });
    baseline = {
      metric: "p50",
      baseline: finiteOrNull(outcome.baselineCentre ?? comparison.baseline.p50),
      measured: finiteOrNull(outcome.centre ?? m?.p50),
      ratio: finiteOrNull(outcome.ratio),
      ratioLow: finiteOrNull(outcome.ratioLow),
      ratioHigh: finiteOrNull(outcome.ratioHigh),
      limitRatio: finiteOrNull(outcome.limitRatio),
      decision: outcome.decision,
      baselineForksNs: (comparison.baseline.forks ?? [comparison.baseline.p50]).map(finiteOrNull),
      driftCorrected: outcome.driftCorrected ?? false,
      ...(outcome.resolvable === undefined ? {} : { resolvable: finiteOrNull(outcome.resolvable) }),
      baselineP50Ns: finiteOrNull(comparison.baseline.p50),
      tolerance: comparison.tolerance,
      toleranceSource: comparison.toleranceSource,
      source: source(comparison.source),
    };
  }
  limits.push(...spec.checks.map(thresholdJson));
  return { micro: m ? microFigures(m, spec.forks) : null, load: null, limits, baseline };
}

function loadEntry(spec: LoadSpecResult): JsonFigures {
  if (!spec.load) return { micro: null, load: null, limits: [], baseline: null };
  const { comparison, attempts, median } = spec.load;
  const limits: JsonLimit[] = spec.load.baselineChecks.map((check) => {
    // A relative override scales both thresholds; say what each was before, in its own unit.
    const note = comparison?.override;
    const before = comparison ? loadBaselineBound(comparison, check.metric, 1) : undefined;
    return {
      metric: check.metric,
      direction: check.metric === "rps" ? "min" : "max",
      unit: unitOf(check.metric),
      bound: finiteOrNull(check.threshold),
      measured: finiteOrNull(check.measured),
      passed: check.passed,
      source: comparison ? source(comparison.source) : source({ kind: "spec", file: spec.file, line: spec.line }),
      override: note ? { variable: note.variable, value: note.value, replaced: finiteOrNull(before) } : null,
    };
  });
  limits.push(...spec.load.checks.map(thresholdJson));
  return {
    micro: null,
    load: { attempts: attempts.map(loadFigures), median: loadFigures(median) },
    limits,
    baseline: null,
  };
}

function figuresOf(spec: SpecResult): JsonFigures {
  switch (spec.kind) {
    case "micro":
      return microEntry(spec);
    case "load":
      return loadEntry(spec);
    case "hook":
    case "complexity":
      return { micro: null, load: null, limits: [], baseline: null };
  }
}

/** What `.args()`, `.expect({ complexity })` and `.expect({ fasterThan })` add to an entry. */
function relationsOf(spec: SpecResult): Pick<JsonSpec, "params" | "complexity" | "relative"> {
  if (spec.kind === "complexity") {
    return {
      params: null,
      relative: null,
      complexity: {
        group: spec.group,
        param: spec.param,
        points: spec.points.map((p) => ({ n: p.n, p50Ns: finiteOrNull(p.p50Ns) })),
        expected: spec.outcome?.expected ?? null,
        best: spec.outcome?.best ?? null,
        fits: (spec.outcome?.fits ?? []).map((f) => ({
          complexity: f.complexity,
          coefficient: finiteOrNull(f.coefficient),
          rms: finiteOrNull(f.rms),
        })),
        passed: spec.outcome?.passed ?? null,
      },
    };
  }
  if (spec.kind !== "micro") return { params: null, complexity: null, relative: null };
  const r = spec.relative;
  return {
    params: spec.params ? { group: spec.params.group, values: { ...spec.params.values } } : null,
    complexity: null,
    relative: r
      ? {
          fasterThan: r.otherId,
          by: r.by,
          speedup: finiteOrNull(r.speedup),
          low: finiteOrNull(r.low),
          high: finiteOrNull(r.high),
          decision: r.decision,
          rounds: r.rounds,
        }
      : null,
  };
}

/** One spec's entry: its figures, every limit it was checked against with provenance, its verdict. */
export function renderJsonSpec(spec: SpecResult): JsonSpec {
  const { micro, load, limits, baseline } = figuresOf(spec);
  return {
    id: spec.id,
    kind: spec.kind,
    ...relationsOf(spec),
    tags: [...spec.tags],
    file: spec.file,
    line: spec.line ?? null,
    status: spec.status,
    micro,
    load,
    limits,
    baseline,
    warnings: [...spec.warnings],
    error: spec.error
      ? {
          phase: spec.error.phase,
          message: spec.error.message,
          stack: spec.error.stack ?? null,
          output: spec.error.output ?? null,
        }
      : null,
    skipReason: spec.skipReason ?? null,
    profile: spec.kind === "micro" ? profileJson(spec.profile) : null,
    ...(spec.elapsedNs === undefined ? {} : { elapsedNs: finiteOrNull(spec.elapsedNs) }),
  };
}

/** The whole report. */
export function renderJsonReport(run: RunResult): JsonReport {
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: REPORT_SCHEMA_VERSION,
    fxperfVersion: run.fxperfVersion,
    runtime: { ...run.runtime },
    machine: { slug: run.profiles.slug, fingerprint: { ...run.fingerprint } },
    git: { ...run.git },
    guard: { guarded: run.guard.guarded, refusals: [...run.guard.refusals], warnings: [...run.guard.warnings] },
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    interrupted: run.interrupted,
    strict: run.strict ?? false,
    selection: { ...run.selection },
    profileNotices: [...run.profiles.notices],
    counts: { ...run.counts },
    shard: run.shard ? { ...run.shard, planned: run.shard.planned.map((p) => ({ ...p })) } : null,
    specs: run.specs.map(renderJsonSpec),
  };
}
