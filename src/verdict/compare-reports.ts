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

/** One spec's verdict, and the figure that decided it (with all its figures). */
export interface SpecChange {
  readonly id: string;
  readonly verdict: ChangeVerdict;
  /** The figure that decided: the worst regression (a verdict that got worse first), else the best improvement, else the first. */
  readonly decidedBy: FigureChange;
  readonly figures: readonly FigureChange[];
}

/** How much worse a figure got (above 1: worse), for choosing the deciding one. */
function worsening(change: FigureChange): number {
  if (change.metric === "status") return Number.POSITIVE_INFINITY;
  if (change.metric === "errorRate")
    return change.base !== null && change.head !== null ? 1 + change.head - change.base : 1;
  if (change.ratio === null) return 1;
  return change.better === "lower" ? change.ratio : 1 / change.ratio;
}

/**
 * One verdict per spec, in the order of `changes`: regressed when any figure regressed (a spec
 * is never both regressed and improved), else improved when any improved, else the figures' own
 * verdict (unchanged, added, removed, no data).
 */
export function judgeSpecs(changes: readonly FigureChange[]): SpecChange[] {
  const byId = new Map<string, FigureChange[]>();
  for (const change of changes) byId.set(change.id, [...(byId.get(change.id) ?? []), change]);
  return [...byId].map(([id, figures]) => {
    const regressed = figures.filter((f) => f.verdict === "regressed").sort((a, b) => worsening(b) - worsening(a));
    const improved = figures.filter((f) => f.verdict === "improved").sort((a, b) => worsening(a) - worsening(b));
    const decidedBy = regressed[0] ?? improved[0] ?? figures.find((f) => f.verdict !== "unchanged") ?? figures[0]!;
    const verdict = regressed.length > 0 ? "regressed" : improved.length > 0 ? "improved" : decidedBy.verdict;
    return { id, verdict, decidedBy, figures };
  });
}
