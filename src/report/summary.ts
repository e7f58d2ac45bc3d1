/**
 * The console Performance Summary: a pure function of a RunResult.
 */
import { escapeControlChars, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import { formatLoadFigure, formatStatistic } from "../format/figures.ts";
import { baselineThreshold } from "../profiles/resolve-limits.ts";
import { ExitCode } from "../errors.ts";
import type { RunResult } from "../result/run-result.ts";
import type {
  BaselineVerdict,
  RelativeOutcome,
  Check,
  LoadBaselineCheck,
  LoadCheck,
  LoadOutcome,
  LoadSpecResult,
  MicroSpecResult,
  SpecResult,
} from "../result/spec-result.ts";
import { formatBytes, formatChange, formatNs } from "../units.ts";
import { type Colors, paintStatus } from "./colors.ts";
import { baselineCentres, CENTRE_LEGEND } from "./baseline-lines.ts";
import { formatResolvable, modesLine } from "./fork-lines.ts";
import { describeRelative } from "../verdict/relative.ts";
import { formatParams as formatParamsText } from "../spec/expand-args.ts";
import { renderDetails } from "./summary-details.ts";
import { renderTable } from "./table.ts";
import { FORK_DEFAULTS } from "../run/run-forks.ts";

function renderCheck(check: Check, c: Colors): string {
  const { metric, measured, limit, passed } = check;
  const text = `${metric} ${formatStatistic(metric, measured)} ${passed ? "≤" : ">"} ${formatStatistic(metric, limit.bound)}${limit.override ? "*" : ""}`;
  return passed ? text : c.red(text);
}

/**
 * "centre 3.48 ms vs 3.54 ms: -1.8% ±2.1% ≤ +10.0%": the fork centres the rule compared (this run's
 * and the baseline's), the change with the half-width of its interval, and the limit.
 */
function renderBaseline(baseline: BaselineVerdict, c: Colors): string {
  const { outcome, comparison } = baseline;
  const centres = baselineCentres(outcome);
  const resolvable =
    outcome.resolvable !== undefined && Number.isFinite(outcome.resolvable)
      ? ` ${formatResolvable(outcome.resolvable)}`
      : "";
  const change = `${formatChange(outcome.ratio)}${resolvable}`;
  const figures = centres ? `centre ${centres.measured} vs ${centres.baseline}: ${change}` : `${change} vs baseline`;
  const text = `${figures} ${outcome.decision === "fail" ? ">" : "≤"} ${formatChange(outcome.limitRatio)}${comparison.override ? "*" : ""}`;
  return outcome.decision === "fail" ? c.red(text) : outcome.decision === "undecided" ? c.yellow(`${text}?`) : text;
}

function renderLoadCheck(check: LoadCheck, c: Colors): string {
  const sign = check.limit.direction === "min" ? (check.passed ? "≥" : "<") : check.passed ? "≤" : ">";
  const text = `${check.metric} ${formatLoadFigure(check.metric, check.measured)} ${sign} ${formatLoadFigure(check.metric, check.limit.bound)}${check.limit.override ? "*" : ""}`;
  return check.passed ? text : c.red(text);
}

function renderLoadBaselineCheck(check: LoadBaselineCheck, c: Colors): string {
  const change = formatChange(check.measured / check.baseline);
  const sign = check.metric === "rps" ? (check.passed ? "≥" : "<") : check.passed ? "≤" : ">";
  const text = `${check.metric} ${change} vs baseline (${sign} ${formatLoadFigure(check.metric, check.threshold)})`;
  return check.passed ? text : c.red(text);
}

function loadLimitCell(load: LoadOutcome, c: Colors): string {
  const failing = [
    ...load.baselineChecks.filter((x) => !x.passed).map((x) => renderLoadBaselineCheck(x, c)),
    ...load.checks.filter((x) => !x.passed).map((x) => renderLoadCheck(x, c)),
  ];
  if (failing.length > 0) return failing.join(", ");
  const all = [
    ...load.baselineChecks.map((x) => renderLoadBaselineCheck(x, c)),
    ...load.checks.map((x) => renderLoadCheck(x, c)),
  ];
  return all.length > 0
    ? all.join(", ")
    : c.dim(`rps ${formatLoadFigure("rps", load.median.rps)}, no baseline or limit`);
}

function limitCell(spec: SpecResult, c: Colors): string {
  if (spec.status === "ERROR") {
    const phase = spec.error?.phase;
    return c.magenta(
      phase === "timeout"
        ? "timed out"
        : phase === "load"
          ? "load test failed"
          : phase === "import"
            ? "its file did not import"
            : phase === "merge"
              ? "its shard did not report"
              : `${phase ?? "spec"} threw`,
    );
  }
  if (spec.status === "SKIP") return c.dim(spec.skipReason ?? "");
  if (spec.kind === "load" && spec.load) return loadLimitCell(spec.load, c);
  if (spec.kind === "complexity" && spec.outcome) {
    const text = `${spec.outcome.expected} expected, best fit ${spec.outcome.best}`;
    return spec.outcome.passed ? text : c.red(text);
  }
  const relative = spec.kind === "micro" && spec.relative ? [renderRelative(spec.relative, c)] : [];
  const checks = spec.kind === "micro" ? spec.checks : [];
  const baseline = spec.kind === "micro" ? spec.baseline : undefined;
  if (checks.length === 0 && !baseline && relative.length === 0)
    return spec.status === "FAIL" ? c.red("no baseline (--require-baseline)") : c.dim("no baseline or limit");
  const failing = checks.filter((check) => !check.passed);
  const shown = (failing.length > 0 ? failing : checks).map((check) => renderCheck(check, c));
  return [...relative, ...(baseline ? [renderBaseline(baseline, c)] : []), ...shown].join(", ");
}

/** "2.4x faster than naive (2.2-2.6x), needs 2x", red when it fails, yellow when undecided. */
function renderRelative(outcome: RelativeOutcome, c: Colors): string {
  const text = describeRelative(outcome);
  return outcome.decision === "fail" ? c.red(text) : outcome.decision === "undecided" ? c.yellow(text) : text;
}

/** Where a spec's limits came from: a profile source (env, flag, local, repo), "spec" for its own budgets, "override" for FXPERF_OVERRIDE_*. */
function sourceCell(spec: SpecResult): string {
  const sources = new Set<string>();
  if (spec.kind === "load" && spec.load) {
    if (spec.load.comparison) sources.add(spec.load.comparison.source.kind);
    for (const check of spec.load.checks) {
      if (check.limit.source.kind === "spec") sources.add("spec");
      if (check.limit.source.kind === "override" || check.limit.override) sources.add("override");
    }
  }
  if (spec.kind === "micro") {
    if (spec.baseline) sources.add(spec.baseline.comparison.source.kind);
    for (const check of spec.checks) if (check.limit.source.kind === "spec") sources.add("spec");
    if (
      spec.baseline?.comparison.override ||
      spec.checks.some((check) => check.limit.override || check.limit.source.kind === "override")
    )
      sources.add("override");
  }
  return [...sources].join("+") || "-";
}

/** One row of the table: status, spec, figures, where its limits came from, and the limit cell. */
function tableRow(spec: SpecResult, heap: boolean, c: Colors): string[] {
  const m = spec.kind === "micro" ? spec.measurement : undefined;
  const load = spec.kind === "load" ? spec.load?.median : undefined;
  return [
    paintStatus(spec.status, c),
    truncateText(escapeControlChars(spec.id), MAX_ID_CHARS),
    m ? formatNs(m.p50) : load ? formatNs(load.latencyNs.p50) : "-",
    m ? formatNs(m.p99) : load ? formatNs(load.latencyNs.p99) : "-",
    m ? `${(m.rme * 100).toFixed(1)}%` : "-",
    m ? m.samples.toLocaleString("en-US") : load ? `${load.requests.toLocaleString("en-US")} req` : "-",
    ...(heap ? [m?.heapBytes === undefined ? "-" : formatBytes(m.heapBytes)] : []),
    m || load ? sourceCell(spec) : "-",
    limitCell(spec, c),
  ];
}

/** The table of every spec, or a line saying none ran. */
function renderSpecTable(specs: readonly SpecResult[], c: Colors): string {
  if (specs.length === 0) return "  No specs ran.";
  // A HEAP column only when some spec measured bytes per iteration.
  const heap = specs.some((s) => s.kind === "micro" && s.measurement?.heapBytes !== undefined);
  const header = ["STATUS", "SPEC", "P50", "P99", "±", "SAMPLES", ...(heap ? ["HEAP"] : []), "SOURCE", "LIMIT"];
  const rows: string[][] = [header.map((h) => c.dim(h))];
  // The specs .args() made from one itPerf() are grouped under their shared id, each row showing
  // its parameters; the group's complexity row closes it.
  let group: string | undefined;
  for (const spec of specs) {
    const member = spec.kind === "micro" ? spec.params?.group : spec.kind === "complexity" ? spec.group : undefined;
    if (member !== undefined && member !== group)
      rows.push(["", c.bold(truncateText(escapeControlChars(member), MAX_ID_CHARS)), ...header.slice(2).map(() => "")]);
    group = member;
    const row = tableRow(spec, heap, c);
    if (spec.kind === "micro" && spec.params)
      row[1] = `  ${escapeControlChars(`[${formatParamsText(spec.params.values)}]`)}`;
    if (spec.kind === "complexity") row[1] = "  (complexity)";
    rows.push(row);
  }
  // Say once what "centre" is, when a row shows one beside the P50 column.
  const centres = specs.some((s) => s.kind === "micro" && s.baseline && baselineCentres(s.baseline.outcome));
  const legend = centres ? `\n${c.dim(`  ${CENTRE_LEGEND}`)}` : "";
  return `${renderTable(rows, [
    "left",
    "left",
    "right",
    "right",
    "right",
    "right",
    ...(heap ? ["right" as const] : []),
    "left",
    "left",
  ])}${legend}`;
}

/** The lines for each limit an FXPERF_OVERRIDE_* variable set or changed: load specs first, then micro specs. */
function renderOverrides(specs: readonly SpecResult[], c: Colors): string[] {
  const load = specs
    .filter((spec): spec is LoadSpecResult => spec.kind === "load")
    .flatMap((spec) =>
      (spec.load?.checks ?? []).filter((check) => check.limit.override).map((check) => ({ id: spec.id, check })),
    );
  const micro = specs
    .filter((spec): spec is MicroSpecResult => spec.kind === "micro")
    .flatMap((spec) => [
      ...(spec.baseline?.comparison.override
        ? [
            {
              id: spec.id,
              what: "p50 baseline threshold",
              unit: "p50" as const,
              now: baselineThreshold(spec.baseline.comparison),
              note: spec.baseline.comparison.override,
            },
          ]
        : []),
      ...spec.checks
        .filter((check) => check.limit.override)
        .map((check) => ({
          id: spec.id,
          what: `${check.metric} limit`,
          unit: check.metric,
          now: check.limit.bound,
          note: check.limit.override!,
        })),
    ]);
  if (micro.length + load.length === 0) return [];
  const lines = ["", c.cyan("  Overridden limits (*)")];
  for (const { id, check } of load) {
    const note = check.limit.override!;
    const was = note.replaced === undefined ? "none" : formatLoadFigure(check.metric, note.replaced);
    lines.push(
      c.cyan(
        `    ${escapeControlChars(id)}: ${check.metric} limit ${formatLoadFigure(check.metric, check.limit.bound)} (was ${was}) from ${note.variable}="${note.value}"`,
      ),
    );
  }
  for (const { id, what, unit, now, note } of micro) {
    const was = note.replaced === undefined ? "none" : formatStatistic(unit, note.replaced);
    lines.push(
      c.cyan(
        `    ${escapeControlChars(id)}: ${what} ${formatStatistic(unit, now)} (was ${was}) from ${note.variable}="${note.value}"`,
      ),
    );
  }
  return lines;
}

/** The specs not detailed above whose forks fell into several modes, one line each. */
function renderModes(specs: readonly SpecResult[], c: Colors): string[] {
  const lines = specs.flatMap((spec) => {
    if (spec.kind !== "micro" || DETAILED.has(spec.status)) return [];
    const modes = modesLine(spec.forks?.modes, formatNs);
    return modes ? [`    ${escapeControlChars(spec.id)}: ${modes}`] : [];
  });
  return lines.length > 0 ? ["", c.dim("  Modes (processes that ran at different speeds)"), ...lines] : [];
}

/** The statuses whose specs get a heading and details under the table. */
const DETAILED: ReadonlySet<SpecResult["status"]> = new Set(["FAIL", "ERROR", "WARN"]);

/** The profile notices, then the guard's and every spec's warnings. */
function renderNotices(run: RunResult, c: Colors): string[] {
  const lines: string[] = [];
  if (run.profiles.notices.length > 0) lines.push("", c.dim(`  Profiles (this machine: ${run.profiles.slug})`));
  for (const notice of run.profiles.notices) lines.push(c.dim(`    ${notice}`));
  const warned = run.specs.filter((s) => s.warnings.length > 0);
  if (warned.length > 0 || run.guard.warnings.length > 0) lines.push("", c.yellow("  Warnings"));
  for (const warning of run.guard.warnings) lines.push(c.yellow(`    ! ${warning}`));
  for (const spec of warned)
    for (const warning of spec.warnings) lines.push(c.yellow(`    ! ${escapeControlChars(spec.id)}: ${warning}`));
  return lines;
}

/** The counts line, how many specs the filters kept, and whether the run was interrupted. */
function renderTotals(run: RunResult, c: Colors): string[] {
  const { counts } = run;
  const parts = [
    c.green(`${counts.PASS} passed`),
    counts.FAIL > 0 ? c.red(`${counts.FAIL} failed`) : `${counts.FAIL} failed`,
    ...(counts.WARN > 0 ? [c.yellow(`${counts.WARN} undecided`)] : []),
    counts.ERROR > 0 ? c.magenta(plural(counts.ERROR, "error")) : plural(counts.ERROR, "error"),
    `${counts.SKIP} skipped`,
  ];
  if (counts["NO BASELINE"] > 0) parts.push(c.yellow(`${counts["NO BASELINE"]} without limits`));
  const seconds = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
  // Specs as "Running N specs" counted them; complexity fits and failed hooks are rows of their own.
  const specs = run.specs.filter((s) => s.kind === "micro" || s.kind === "load").length;
  const extra = run.specs.length - specs;
  const rows = extra > 0 ? ` and ${extra} check${extra === 1 ? "" : "s"} (complexity fits, hooks)` : "";
  const lines = ["", `  ${plural(specs, "spec")}${rows}: ${parts.join(", ")}  ${c.dim(`(${seconds.toFixed(1)} s)`)}`];
  const { loaded, selected, onlyUsed } = run.selection;
  if (run.shard) {
    const mine = run.shard.planned.filter((p) => p.shard === run.shard!.index).length;
    lines.push(
      c.dim(
        `  Shard ${run.shard.index}/${run.shard.total}: ${mine} of the ${selected} selected specs; merge the shards' files with "fxperf merge"`,
      ),
    );
  }
  if (selected < loaded) {
    lines.push(
      c.yellow(
        `  ${selected} of ${loaded} specs selected${onlyUsed ? ": .only() is in use, remove it before committing" : " by --tags, --skip-tags or --grep"}`,
      ),
    );
  }
  if (counts.WARN > 0) {
    const verdict = run.strict
      ? c.red(`--strict: the run fails (exit ${ExitCode.Undecided})`)
      : "the run passes; --strict would fail it";
    const stops = new Set(
      run.specs.flatMap((spec) =>
        spec.status === "WARN" && spec.kind === "micro" && spec.forks ? [spec.forks.stop] : [],
      ),
    );
    const more = stops.has("fork cap")
      ? `the fork cap (${FORK_DEFAULTS.maxForks}) was reached: a quieter machine or a wider tolerance`
      : "a longer --max-time (more forks), a quieter machine, or a wider tolerance";
    lines.push(
      c.yellow(
        `  ${plural(counts.WARN, "spec")} undecided: the 95% interval still straddles the limit after the last fork, or too few forks ran for one (${verdict}).`,
      ),
      `  To decide them: ${more}.`,
    );
  }
  if (run.interrupted) lines.push(c.yellow("  Interrupted: the specs after the last one shown did not run."));
  return lines;
}

/** Renders the Performance Summary: the table, then failures, errors and warnings, then counts. */
export function renderSummary(run: RunResult, c: Colors, cwd: string): string {
  const lines: string[] = ["", c.bold("Performance Summary")];
  if (!run.guard.guarded) {
    lines.push(
      c.yellow(`  Unguarded run (--allow-unfit): ${run.guard.refusals.join("; ")}. These numbers may be meaningless.`),
    );
  }
  lines.push(renderSpecTable(run.specs, c));
  for (const spec of run.specs.filter((s) => DETAILED.has(s.status))) lines.push(...renderDetails(spec, c, cwd));
  lines.push(
    ...renderModes(run.specs, c),
    ...renderOverrides(run.specs, c),
    ...renderNotices(run, c),
    ...renderTotals(run, c),
  );
  return `${lines.join("\n")}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
