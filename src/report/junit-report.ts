/**
 * JUnit XML: one testcase per spec, so CI systems show perf verdicts in their
 * test tab. FAIL is a <failure> carrying measured against limit; ERROR an
 * <error>; SKIP <skipped>. Pure.
 */
import { describeRelative } from "../verdict/relative.ts";
import type { RunResult } from "../result/run-result.ts";
import type { LoadSpecResult, MicroSpecResult, SpecResult } from "../result/spec-result.ts";
import { formatLoadFigure, formatStatistic } from "../format/figures.ts";
import { formatChange } from "../units.ts";
import { baselineCentres } from "./baseline-lines.ts";
import { microForkLines } from "./fork-lines.ts";
import { outlierLine } from "./outlier-line.ts";
import { escapeXml, escapeXmlAttribute } from "../format/escape.ts";
import { displayPath } from "../format/paths.ts";

/** Every limit the spec failed, one line each: "p50 12.3 µs > limit 10.0 µs". */
export function failureLines(spec: SpecResult): string[] {
  const lines =
    spec.kind === "micro"
      ? microFailures(spec)
      : spec.kind === "load"
        ? loadFailures(spec)
        : spec.kind === "complexity" && spec.outcome && !spec.outcome.passed
          ? [`${spec.outcome.expected} expected over ${spec.param}, best fit ${spec.outcome.best}`]
          : [];
  if (lines.length === 0 && spec.status === "FAIL") lines.push(...spec.warnings);
  return lines;
}

function microFailures(spec: MicroSpecResult): string[] {
  const lines: string[] = [];
  if (spec.baseline && spec.baseline.outcome.decision === "fail") {
    const { outcome } = spec.baseline;
    const centres = baselineCentres(outcome);
    lines.push(
      centres
        ? `centre ${centres.measured} against baseline ${centres.baseline}: ${formatChange(outcome.ratio)}, allowed ${formatChange(outcome.limitRatio)}`
        : `${formatChange(outcome.ratio)} against baseline, allowed ${formatChange(outcome.limitRatio)}`,
    );
  }
  for (const c of spec.checks.filter((x) => !x.passed))
    lines.push(
      `${c.metric} ${formatStatistic(c.metric, c.measured)} > limit ${formatStatistic(c.metric, c.limit.bound)}`,
    );
  if (spec.relative?.decision === "fail") lines.push(describeRelative(spec.relative));
  return lines;
}

function loadFailures(spec: LoadSpecResult): string[] {
  const lines: string[] = [];
  for (const c of spec.load?.baselineChecks.filter((x) => !x.passed) ?? []) {
    lines.push(
      `${c.metric} ${formatLoadFigure(c.metric, c.measured)} against baseline ${formatLoadFigure(c.metric, c.baseline)}, allowed ${formatLoadFigure(c.metric, c.threshold)}`,
    );
  }
  for (const c of spec.load?.checks.filter((x) => !x.passed) ?? []) {
    lines.push(
      `${c.metric} ${formatLoadFigure(c.metric, c.measured)} ${c.limit.direction === "min" ? "<" : ">"} limit ${formatLoadFigure(c.metric, c.limit.bound)}`,
    );
  }
  return lines;
}

/** How long the spec took to measure, in nanoseconds (0 when it was not measured). */
function wallNs(spec: SpecResult): number {
  if (spec.kind === "micro") return spec.measurement?.wallNs ?? 0;
  if (spec.kind === "load") return spec.load?.attempts.reduce((sum, a) => sum + a.durationNs, 0) ?? 0;
  return 0;
}

function testcase(spec: SpecResult, cwd: string, strict: boolean): string {
  const seconds = (wallNs(spec) / 1e9).toFixed(3);
  const open = `    <testcase classname="${escapeXml(displayPath(spec.file, cwd))}" name="${escapeXml(spec.id)}" time="${seconds}"`;
  // Standard output carries what the console would add: the outlier counts, what the spec can
  // resolve and its modes, and every warning.
  const outliers = spec.kind === "micro" && spec.measurement ? outlierLine(spec.measurement) : undefined;
  const out = [
    ...(outliers ? [outliers] : []),
    ...(spec.kind === "micro" ? microForkLines(spec) : []),
    ...spec.warnings,
  ];
  const notes = out.length > 0 ? `\n      <system-out>${escapeXml(out.join("\n"))}</system-out>` : "";
  switch (spec.status) {
    case "FAIL": {
      const lines = failureLines(spec);
      return `${open}>\n      <failure message="${escapeXmlAttribute(lines[0] ?? "failed")}" type="perf-budget">${escapeXml(lines.join("\n"))}</failure>${notes}\n    </testcase>`;
    }
    case "ERROR": {
      const error = spec.error;
      const detail = [error?.message, error?.stack, error?.output].filter(Boolean).join("\n");
      return `${open}>\n      <error message="${escapeXmlAttribute(error?.message ?? "error")}" type="${escapeXml(error?.phase ?? "error")}">${escapeXml(detail)}</error>${notes}\n    </testcase>`;
    }
    case "WARN": {
      if (!strict) return notes ? `${open}>${notes}\n    </testcase>` : `${open}/>`;
      // --strict fails the run on an undecided spec: the test tab must say so too.
      const message = spec.warnings[0] ?? "undecided against its baseline";
      const counts = outliers ? `\n      <system-out>${escapeXml(outliers)}</system-out>` : "";
      return `${open}>\n      <failure message="${escapeXmlAttribute(message)}" type="perf-undecided">${escapeXml(spec.warnings.join("\n"))}</failure>${counts}\n    </testcase>`;
    }
    case "SKIP":
      return `${open}>\n      <skipped message="${escapeXmlAttribute(spec.skipReason ?? "skipped")}"/>\n    </testcase>`;
    default:
      // PASS, WARN (undecided, without --strict) and NO BASELINE pass the test tab; warnings ride along.
      return notes ? `${open}>${notes}\n    </testcase>` : `${open}/>`;
  }
}

/**
 * The testcase that marks a run stopped before every spec ran (Ctrl-C, SIGTERM, SIGHUP): an error,
 * so a test tab never shows an interrupted run as green.
 */
export function interruptedTestcase(command: string, ran: number): string {
  const message = `${command} was interrupted after ${ran} spec${ran === 1 ? "" : "s"}: the specs after them did not run`;
  return `    <testcase name="interrupted" classname="fxperf">\n      <error message="${escapeXmlAttribute(message)}" type="interrupted"/>\n    </testcase>`;
}

/** The JUnit XML document for a run. */
export function renderJunitReport(run: RunResult, cwd: string): string {
  const { counts } = run;
  const seconds = ((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000).toFixed(3);
  const failures = counts.FAIL + (run.strict ? counts.WARN : 0);
  const stopped = run.interrupted ? [interruptedTestcase("fxperf run", run.specs.length)] : [];
  const totals = `name="fxperf" tests="${run.specs.length + stopped.length}" failures="${failures}" errors="${counts.ERROR + stopped.length}" time="${seconds}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${totals}>`,
    `  <testsuite ${totals} skipped="${counts.SKIP}" timestamp="${escapeXml(run.startedAt)}" hostname="${escapeXml(run.profiles.slug)}">`,
    ...run.specs.map((spec) => testcase(spec, cwd, run.strict ?? false)),
    ...stopped,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
