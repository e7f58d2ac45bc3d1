/**
 * The lines under the Performance Summary's table for a spec that failed, stayed undecided or
 * errored: why, figure by figure, and where its limits came from. Pure.
 */
import { renderProfileLines } from "./profile-lines.ts";
import { escapeControlChars } from "../format/escape.ts";
import { formatLoadFigure, formatStatistic } from "../format/figures.ts";
import { displayLocation, displayPath } from "../format/paths.ts";
import type { ComplexityResult, LoadOutcome, MicroSpecResult, SpecError, SpecResult } from "../result/spec-result.ts";
import type { LimitSource, OverrideNote } from "../spec/resolved.ts";
import { formatNs } from "../units.ts";
import { describeRelative } from "../verdict/relative.ts";
import { baselineLines } from "./baseline-lines.ts";
import { type Colors, paintStatus } from "./colors.ts";
import { microForkLines } from "./fork-lines.ts";

// Stack frames inside mitata or fxperf itself say nothing about the user's code.
const INTERNAL_FRAME = /node_modules\/mitata\/|\$bunfs|\/src\/(micro|run)\/|\(native\)/;

/** "set in spec/a.perf.ts:3", "set in spec/a.perf.ts:3, adjusted by FXPERF_OVERRIDE_X=+50%", or "set by FXPERF_OVERRIDE_X". */
function limitOrigin(source: LimitSource, override: OverrideNote | undefined, cwd: string): string {
  if (source.kind === "override") return `set by ${source.variable}`;
  const where = `set in ${displayLocation(source.file, source.line, cwd)}`;
  return override ? `${where}, adjusted by ${override.variable}=${override.value}` : where;
}

/** A complexity row's fits, best first: each class's coefficient and RMS error. */
function complexityDetails(spec: ComplexityResult): string[] {
  if (!spec.outcome) return [];
  const unit = (complexity: string) => (complexity === "O(1)" ? "" : ` per ${complexity.slice(2, -1)}`);
  return [
    `    ${spec.outcome.expected} expected over ${spec.param} (${spec.points.map((p) => `${spec.param}=${p.n}: ${formatNs(p.p50Ns)}`).join(", ")}); fits, best first:`,
    ...spec.outcome.fits.map(
      (fit, i) =>
        `      ${fit.complexity.padEnd(10)} ${formatNs(fit.coefficient)}${unit(fit.complexity)}, RMS error ${(fit.rms * 100).toFixed(1)}%${i === 0 ? "  (best)" : ""}`,
    ),
  ];
}

/**
 * Why a micro spec failed or stayed undecided: the baseline comparison, what the spec can resolve
 * and the modes of its forks, and each limit it exceeded.
 */
function microDetails(spec: MicroSpecResult, cwd: string): string[] {
  const lines: string[] = [];
  if (spec.baseline && spec.baseline.outcome.decision !== "pass")
    lines.push(...baselineLines(spec, (file) => displayPath(file, cwd)).map((line) => `    ${line}`));
  lines.push(...microForkLines(spec).map((line) => `    ${line}`));
  for (const check of spec.checks.filter((x) => !x.passed)) {
    const over = check.limit.bound > 0 ? ` (+${((check.measured / check.limit.bound - 1) * 100).toFixed(1)}%)` : "";
    const where = limitOrigin(check.limit.source, check.limit.override, cwd);
    lines.push(
      `    ${check.metric} was ${formatStatistic(check.metric, check.measured)}, limit ${formatStatistic(check.metric, check.limit.bound)}${over}, ${where}`,
    );
  }
  return lines;
}

/** A load spec's median figures and each limit or baseline it missed. */
function loadDetails(load: LoadOutcome, cwd: string): string[] {
  const { median, attempts, comparison } = load;
  const e = median.errors;
  const lines = [
    `    ${formatLoadFigure("rps", median.rps)}, ${formatLoadFigure("transfer", median.transferBytesPerSec)}, latency p50 ${formatNs(median.latencyNs.p50)} p99 ${formatNs(median.latencyNs.p99)} max ${formatNs(median.latencyNs.max)}; errors ${formatLoadFigure("errorRate", median.errorRate)} (status ≥400 ${e.status}, connect ${e.connect}, read ${e.read}, write ${e.write}, timeout ${e.timeout})${attempts.length > 1 ? `; median of ${attempts.length} attempts` : ""}`,
  ];
  for (const check of load.checks.filter((x) => !x.passed)) {
    const where = limitOrigin(check.limit.source, check.limit.override, cwd);
    lines.push(
      `    ${check.metric} was ${formatLoadFigure(check.metric, check.measured)}, limit ${check.limit.direction === "min" ? "at least" : "at most"} ${formatLoadFigure(check.metric, check.limit.bound)}, ${where}`,
    );
  }
  for (const check of load.baselineChecks.filter((x) => !x.passed)) {
    lines.push(
      `    ${check.metric} was ${formatLoadFigure(check.metric, check.measured)} against baseline ${formatLoadFigure(check.metric, check.baseline)} (allowed ${formatLoadFigure(check.metric, check.threshold)}), baseline from ${comparison?.source.kind} profile ${comparison ? displayPath(comparison.source.file, cwd) : ""}, calibrated ${comparison?.source.calibratedAt}`,
    );
  }
  return lines;
}

/** What a spec or hook threw: the message, the generator's output, and the user's stack frames. */
function errorDetails(error: SpecError, c: Colors): string[] {
  const lines = [`    ${error.phase === "spec" ? "" : `${error.phase}: `}${error.message}`];
  if (error.output) for (const line of error.output.split("\n").slice(0, 12)) lines.push(c.dim(`      | ${line}`));
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((l) => /^\s*at /.test(l) && !INTERNAL_FRAME.test(l))
    .slice(0, 4);
  for (const frame of frames) lines.push(c.dim(`      ${frame.trim()}`));
  return lines;
}

/** A failed, undecided or erroring spec's heading and why. */
export function renderDetails(spec: SpecResult, c: Colors, cwd: string): string[] {
  return [
    "",
    `  ${paintStatus(spec.status, c)} ${c.bold(escapeControlChars(spec.id))}  ${c.dim(displayLocation(spec.file, spec.line, cwd))}`,
    ...(spec.kind === "micro" ? microDetails(spec, cwd) : []),
    ...(spec.kind === "micro" && spec.relative && spec.relative.decision !== "pass"
      ? [`    ${describeRelative(spec.relative)}: measured side by side in ${spec.relative.rounds} rounds`]
      : []),
    ...(spec.kind === "complexity" ? complexityDetails(spec) : []),
    ...(spec.kind === "load" && spec.load ? loadDetails(spec.load, cwd) : []),
    ...(spec.error ? errorDetails(spec.error, c) : []),
    ...(spec.kind === "micro" && spec.profile ? renderProfileLines(spec.id, spec.profile, c).slice(0) : []),
  ];
}
