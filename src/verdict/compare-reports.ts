/**
 * `fxperf compare`: how each spec moved between two JSON reports (say, main and
 * a pull request), judged against a tolerance. Pure.
 */
import type { JsonReport, JsonSpec } from "../result/report-schema.ts";

/** What happened to one figure of one spec. */
export type ChangeVerdict = "regressed" | "improved" | "unchanged" | "added" | "removed" | "no data";

/** One compared figure. */
export interface FigureChange {
  readonly id: string;
  readonly kind: JsonSpec["kind"];
  /** "p50" for micro specs; "rps", "latency.p99" and "errorRate" for load specs; "status" for a verdict that got worse. */
  readonly metric: "p50" | "rps" | "latency.p99" | "errorRate" | "status";
  /** "lower" when smaller is better (times, error rate), "higher" for throughput. */
  readonly better: "lower" | "higher";
  readonly base: number | null;
  readonly head: number | null;
  /** head / base, null when either is missing. */
  readonly ratio: number | null;
  readonly verdict: ChangeVerdict;
  /** For the "status" metric: "PASS → FAIL". */
  readonly statusChange?: string;
}

function figures(
  spec: JsonSpec,
): Array<{ metric: Exclude<FigureChange["metric"], "status">; better: FigureChange["better"]; value: number | null }> {
  if (spec.kind === "load") {
    return [
      { metric: "rps", better: "higher", value: spec.load?.median.rps ?? null },
      { metric: "latency.p99", better: "lower", value: spec.load?.median.latencyNs.p99 ?? null },
      { metric: "errorRate", better: "lower", value: spec.load?.median.errorRate ?? null },
    ];
  }
  return [{ metric: "p50", better: "lower", value: spec.micro?.p50Ns ?? null }];
}

/** Judges one change: beyond the tolerance in the bad direction is a regression. */
export function judgeChange(ratio: number, better: "lower" | "higher", tolerance: number): ChangeVerdict {
  const worse = better === "lower" ? ratio : 1 / ratio;
  if (worse > 1 + tolerance) return "regressed";
  if (worse < 1 / (1 + tolerance)) return "improved";
  return "unchanged";
}

/** An error rate regresses when it grows by more than 0.1 percentage point and by more than the tolerance. */
export function judgeErrorRate(base: number, head: number, tolerance: number): ChangeVerdict {
  if (head > base + Math.max(0.001, base * tolerance)) return "regressed";
  if (head < base - Math.max(0.001, base * tolerance)) return "improved";
  return "unchanged";
}

const PASSING = new Set(["PASS", "WARN", "NO BASELINE"]);

/** Compares every spec of `head` with `base`, in head's order, then specs only in base. */
export function compareReports(base: JsonReport, head: JsonReport, tolerance: number): FigureChange[] {
  const measured = (s: JsonSpec) => s.kind === "micro" || s.kind === "load";
  const baseById = new Map(base.specs.filter(measured).map((s) => [s.id, s]));
  const headIds = new Set(head.specs.map((s) => s.id));
  const changes: FigureChange[] = [];
  for (const spec of head.specs.filter(measured)) {
    const before = baseById.get(spec.id);
    const beforeFigures = before ? figures(before) : [];
    // A verdict that went from passing to FAIL or ERROR is a regression whatever the figures say
    // (a service answering errors fast can look faster).
    if (before && PASSING.has(before.status) && (spec.status === "FAIL" || spec.status === "ERROR")) {
      changes.push({
        id: spec.id,
        kind: spec.kind,
        metric: "status",
        better: "lower",
        base: null,
        head: null,
        ratio: null,
        verdict: "regressed",
        statusChange: `${before.status} → ${spec.status}`,
      });
    }
    for (const figure of figures(spec)) {
      const baseValue = beforeFigures.find((f) => f.metric === figure.metric)?.value ?? null;
      let ratio = baseValue !== null && figure.value !== null && baseValue > 0 ? figure.value / baseValue : null;
      let verdict: ChangeVerdict;
      if (!before) verdict = "added";
      else if (figure.metric === "errorRate" && baseValue !== null && figure.value !== null) {
        verdict = judgeErrorRate(baseValue, figure.value, tolerance);
        ratio = null;
      } else verdict = ratio === null ? "no data" : judgeChange(ratio, figure.better, tolerance);
      changes.push({
        id: spec.id,
        kind: spec.kind,
        metric: figure.metric,
        better: figure.better,
        base: baseValue,
        head: figure.value,
        ratio,
        verdict,
      });
    }
  }
  for (const spec of baseById.values()) {
    if (headIds.has(spec.id)) continue;
    for (const figure of figures(spec))
      changes.push({
        id: spec.id,
        kind: spec.kind,
        metric: figure.metric,
        better: figure.better,
        base: figure.value,
        head: null,
        ratio: null,
        verdict: "removed",
      });
  }
  return changes;
}
