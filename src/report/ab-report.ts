/**
 * Renders an `fxperf ab` result: the console table, Markdown for a pull-request comment (and the
 * job summary), and the JSON document (docs/ab-report.schema.json). Pure: every verdict is already
 * in the result.
 */
import { escapeCell, escapeControlChars, escapeMarkdown, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import { AB_REPORT_SCHEMA_VERSION, type AbReport } from "../result/ab-report-schema.ts";
import { AB_STATUSES, type AbRunResult, type AbSpecResult, type AbStatus } from "../result/ab-result.ts";
import { median } from "../micro/stats.ts";
import { formatChange, formatNs } from "../units.ts";
import { type Colors, paintAbStatus } from "./colors.ts";
import { countOf, describeResolution, formatResolvable, modesLine } from "./fork-lines.ts";
import { finiteOrNull, jsonMode } from "./json-report.ts";
import { profileJson } from "../result/profile-summary.ts";
import { renderProfileLines, renderProfileMarkdown } from "./profile-lines.ts";
import { renderTable } from "./table.ts";
import { INTERRUPTED_MARK, STATUS_MARKS } from "./marks.ts";

const finite = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value);

/**
 * A side's centre, the figure a separate comparison's ratio is of: the mean of the fastest third of
 * its processes' medians, as time per call (micro) or per request (load, "/req").
 */
export function abFigure(spec: AbSpecResult, side: "base" | "head"): string {
  const centre = spec[side]?.centreNs;
  if (!finite(centre)) return "–";
  return spec.kind === "load" ? `${formatNs(centre)}/req` : formatNs(centre);
}

/** "6", or "6 paired" when base and head ran in the same processes. */
function pairsCell(spec: AbSpecResult): string {
  if (spec.pairs <= 0) return "";
  return spec.change?.method === "paired" ? `${spec.pairs} paired` : String(spec.pairs);
}

/** The names a table gives its base, head and change columns. */
interface ColumnNames {
  readonly base: string;
  readonly head: string;
  readonly change: string;
}

/**
 * What the base, head and change columns hold, for a legend under the table: the figures the
 * verdict compares. Only the kinds of comparison present are explained.
 */
export function abLegend(result: Pick<AbRunResult, "specs">, names: ColumnNames): string[] {
  const methods = new Set(result.specs.flatMap((s) => (s.change && finite(s.change.ratio) ? [s.change.method] : [])));
  if (methods.size === 0) return [];
  const { base, head, change } = names;
  const lines = [
    `${base}, ${head}: the mean of the fastest third of each side's process medians (time per call; per request for load specs, from each wrk run's requests per second).`,
  ];
  if (methods.has("separate")) lines.push(`${change}: ${head} / ${base}, with its 95% interval.`);
  if (methods.has("paired"))
    lines.push(
      `${change} of a "paired" spec (base and head measured in the same processes, in alternating rounds): the geometric mean of each process's own head/base ratio, with its 95% interval; not ${head} / ${base}.`,
    );
  return lines;
}

/** The resolution sentence of a spec with a change: "undecided: this spec resolves ±6% with 8 pairs ...". */
function resolutionLine(spec: AbSpecResult): string | undefined {
  const change = spec.change;
  if (!change || !finite(change.resolvable) || !finite(change.ratio)) return undefined;
  const decision = spec.status === "regressed" ? "fail" : spec.status === "undecided" ? "undecided" : ("pass" as const);
  const evidence =
    change.method === "paired"
      ? countOf(change.pairRatios.length || spec.pairs, "process", "processes")
      : countOf(spec.pairs, "pair");
  return describeResolution({
    decision,
    resolvable: change.resolvable,
    evidence,
    tolerance: change.tolerance,
    ratio: change.ratio,
  });
}

/** "+1.2%, -0.4%, +2.0%" (each paired process's head/base), the first and last when there are many. */
function pairRatiosText(ratios: readonly number[]): string {
  const shown = ratios.filter(finite);
  if (shown.length <= 12) return shown.map(formatChange).join(", ");
  const sorted = [...shown].sort((a, b) => a - b);
  return `${formatChange(sorted[0]!)} to ${formatChange(sorted.at(-1)!)}`;
}

/**
 * What a spec's row cannot hold, one line each: what it can resolve, each paired process's own
 * head/base ratio (the figures the change is the geometric mean of), a load spec's plain median
 * requests per second, and the modes of each side. `all`: every line (Markdown details); otherwise
 * the resolution only when undecided and the pair ratios only when the change is not "unchanged"
 * (the console).
 */
export function abSpecLines(spec: AbSpecResult, all: boolean): string[] {
  const lines: string[] = [];
  const resolution = resolutionLine(spec);
  if (resolution && (all || spec.status === "undecided")) lines.push(resolution);
  const change = spec.change;
  if (change?.method === "paired" && change.pairRatios.length > 0 && (all || spec.status !== "unchanged"))
    lines.push(
      `each process's head/base: ${pairRatiosText(change.pairRatios)} (geometric mean ${finite(change.ratio) ? formatChange(change.ratio) : "n/a"})`,
    );
  if (spec.kind === "load") {
    const medianRps = (side: "base" | "head") => {
      const rps = (spec[side]?.rps ?? []).filter(finite);
      return rps.length === 0 ? undefined : median(rps);
    };
    const [base, head] = [medianRps("base"), medianRps("head")];
    if (base !== undefined && head !== undefined)
      lines.push(
        `plain median of the wrk runs: base ${formatReqRate(base)}, head ${formatReqRate(head)} (the verdict compares time per request)`,
      );
  }
  const unit = spec.kind === "load" ? (ns: number) => `${formatNs(ns)}/req` : formatNs;
  for (const side of ["base", "head"] as const) {
    const modes = modesLine(spec[side]?.modes, unit);
    if (modes) lines.push(`${side}: ${modes}`);
  }
  return lines;
}

/** "+5.2% (+4.1% to +6.3%)": the change head / base with its interval. */
export function formatAbChange(spec: AbSpecResult): string {
  const change = spec.change;
  if (!change || !finite(change.ratio)) return "";
  const interval =
    finite(change.low) && finite(change.high) ? ` (${formatChange(change.low)} to ${formatChange(change.high)})` : "";
  return `${formatChange(change.ratio)}${interval}`;
}

/** ": 1.20 µs in 3 forks" for an added spec measured alone in the head, else "". */
/** Requests per second as the ab report writes them: "18,512 req/s". */
function formatReqRate(rps: number): string {
  return `${Math.round(rps).toLocaleString("en-US")} req/s`;
}

function headOnlyFigure(spec: AbSpecResult): string {
  const centre = spec.head?.centreNs;
  if (centre === null || centre === undefined || !finite(centre)) return "";
  const runs = spec.head!.valuesNs.length;
  // A load spec's figure is the time per request of its wrk runs; its rate reads more naturally.
  if (spec.kind === "load")
    return `: ${formatReqRate(1e9 / centre)} in ${runs} wrk run${runs === 1 ? "" : "s"} (nothing to compare with)`;
  return `: ${formatNs(centre)} in ${runs} fork${runs === 1 ? "" : "s"} (nothing to compare with)`;
}

/** What the last column says beside the verdict: the reason for an error or a skip, the side of an added spec. */
export function abNote(spec: AbSpecResult): string {
  if (spec.error) return `${spec.error.side}: ${spec.error.message}`;
  if (spec.skipReason) return spec.skipReason;
  if (spec.status === "added") return `only in head${headOnlyFigure(spec)}`;
  if (spec.status === "removed") return "only in base";
  if (spec.status === "undecided")
    return finite(spec.change?.resolvable)
      ? `resolves ${formatResolvable(spec.change.resolvable)}`
      : `needs ≤ ${formatChange(1 + (spec.change?.tolerance ?? 0))} to pass`;
  return "";
}

/** What the progress line says after a finished spec's status: "+5.0% (+4.1% to +6.3%), 6 pairs in 3.2 s". */
export function abProgressLine(spec: AbSpecResult): string {
  if (spec.error) return `on ${spec.error.side}: ${escapeControlChars(spec.error.message)}`;
  if (spec.skipReason) return escapeControlChars(spec.skipReason);
  if (spec.status === "added" || spec.status === "removed")
    return `only in the ${spec.status === "added" ? `head${headOnlyFigure(spec)}` : "base"}`;
  const seconds = (spec.elapsedNs / 1e9).toFixed(1);
  const resolves =
    spec.status === "undecided" && finite(spec.change?.resolvable)
      ? `, resolves ${formatResolvable(spec.change.resolvable)}`
      : "";
  return `${formatAbChange(spec)}${resolves}, ${spec.pairs} pair${spec.pairs === 1 ? "" : "s"} in ${seconds} s${spec.stop === "time budget" ? " (time budget reached)" : ""}`;
}

/** "1 regressed, 2 unchanged" (statuses with a count only). */
export function abCountsLine(result: Pick<AbRunResult, "counts">): string {
  const parts = AB_STATUSES.filter((s) => result.counts[s] > 0).map((s) => `${result.counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(", ") : "no spec finished";
}

const short = (commit: string | null) => (commit ? commit.slice(0, 10) : "?");

/** "base origin/main (1a2b3c4d5e) vs head 6f7a8b9c0d + uncommitted changes". */
export function describeTrees(result: AbRunResult): string {
  const base = result.base.ref
    ? `base ${result.base.ref} (${short(result.base.commit)})`
    : `base directory${result.base.commit ? ` (${short(result.base.commit)})` : ""}`;
  const head = `head ${short(result.head.commit)}${result.head.dirty ? " + uncommitted changes" : ""}`;
  return `${base} vs ${head}`;
}

export function abTolerances(result: AbRunResult): string {
  const set = [...new Set(result.specs.flatMap((s) => (s.change ? [s.change.tolerance] : [])))];
  return set.length === 0 ? "" : `tolerance ${set.map((t) => `${+(t * 100).toFixed(2)}%`).join("/")}`;
}

/** The console summary. */
export function renderAbSummary(result: AbRunResult, c: Colors): string {
  const paint = (status: AbStatus) => paintAbStatus(status, c);
  const rows = [["VERDICT", "SPEC", "BASE", "HEAD", "CHANGE (95% interval)", "PAIRS", "NOTE"].map((h) => c.dim(h))];
  for (const spec of result.specs) {
    rows.push([
      paint(spec.status),
      truncateText(escapeControlChars(spec.id), MAX_ID_CHARS),
      abFigure(spec, "base"),
      abFigure(spec, "head"),
      formatAbChange(spec),
      pairsCell(spec),
      escapeControlChars(abNote(spec)),
    ]);
  }
  const lines = [
    "",
    c.bold(`A/B comparison: ${describeTrees(result)}`),
    renderTable(rows, ["left", "left", "right", "right", "left", "right", "left"]),
    ...abLegend(result, { base: "BASE", head: "HEAD", change: "CHANGE" }).map((line) => c.dim(`  ${line}`)),
    "",
  ];
  for (const spec of result.specs) {
    for (const line of abSpecLines(spec, false)) lines.push(`  ${escapeControlChars(spec.id)}: ${line}`);
    for (const warning of spec.warnings)
      lines.push(`  ${c.yellow("warning")} ${escapeControlChars(spec.id)}: ${warning}`);
    if (spec.error?.output)
      lines.push(
        c.dim(
          `  output of ${escapeControlChars(spec.id)} (${spec.error.side}):\n    ${spec.error.output.split("\n").join("\n    ")}`,
        ),
      );
    if (spec.profile) lines.push(...renderProfileLines(spec.id, spec.profile, c));
  }
  const tolerance = abTolerances(result);
  lines.push(
    `  ${abCountsLine(result)}${tolerance ? ` (${tolerance})` : ""}${result.interrupted ? c.red(` — ${interruptedNote(result)}`) : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

/** "interrupted after 1 of 3 specs". */
function interruptedNote(result: AbRunResult): string {
  return `interrupted after ${result.specs.length} of ${result.planned} specs`;
}

/** The headline of the Markdown: one line saying what happened. */
function headline(result: AbRunResult): string {
  const mark = result.interrupted
    ? INTERRUPTED_MARK
    : result.counts.regressed + result.counts.error > 0
      ? STATUS_MARKS.regressed
      : result.counts.undecided > 0 && result.strict
        ? STATUS_MARKS.undecided
        : STATUS_MARKS.unchanged;
  return `${mark} **Performance, ${escapeMarkdown(describeTrees(result))}**: ${abCountsLine(result)}${result.interrupted ? ` (${interruptedNote(result)})` : ""}`;
}

/**
 * Markdown for a pull-request comment or the job summary: a one-line summary, one table, what its
 * figures are, and a collapsed list of what each spec can resolve, its per-process ratios and modes.
 */
export function renderAbMarkdown(result: AbRunResult): string {
  const tolerance = abTolerances(result);
  const details = result.specs.flatMap((spec) => {
    const lines = [...abSpecLines(spec, true), ...spec.warnings];
    return lines.length === 0
      ? []
      : [`- ${escapeMarkdown(spec.id)}`, ...lines.map((line) => `  - ${escapeMarkdown(line)}`)];
  });
  const legend = abLegend(result, { base: "Base", head: "Head", change: "Change" });
  return [
    headline(result),
    "",
    "| Spec | Base | Head | Change (95% interval) | Verdict |",
    "| --- | ---: | ---: | --- | --- |",
    ...result.specs.map((spec) => {
      const extra = abNote(spec);
      return `| ${escapeCell(spec.id)} | ${abFigure(spec, "base")} | ${abFigure(spec, "head")} | ${formatAbChange(spec)} | ${STATUS_MARKS[spec.status]} ${spec.status}${extra ? ` (${escapeCell(extra)})` : ""} |`;
    }),
    "",
    `<sub>Measured by fxperf ${escapeMarkdown(result.fxperfVersion)} in alternating fresh processes on one machine${tolerance ? `; ${tolerance}` : ""}.${legend.length > 0 ? ` ${escapeMarkdown(legend.join(" "))}` : ""}</sub>`,
    ...(details.length > 0
      ? ["", "<details><summary>Resolution, per-process ratios and modes</summary>", "", ...details, "", "</details>"]
      : []),
    "",
    ...result.specs.flatMap((spec) => (spec.profile ? renderProfileMarkdown(spec.id, spec.profile) : [])),
  ].join("\n");
}

/** The JSON document (NaN and infinities become null). */
export function renderAbJson(result: AbRunResult): AbReport {
  return {
    schemaVersion: AB_REPORT_SCHEMA_VERSION,
    kind: "fxperf-ab-report",
    fxperfVersion: result.fxperfVersion,
    runtime: result.runtime,
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    base: result.base,
    head: result.head,
    guard: {
      guarded: result.guard.guarded,
      refusals: [...result.guard.refusals],
      warnings: [...result.guard.warnings],
    },
    strict: result.strict,
    interrupted: result.interrupted,
    planned: result.planned,
    loadCpus: result.loadCpus,
    shard: result.shard ? { ...result.shard, planned: result.shard.planned.map((p) => ({ ...p })) } : null,
    counts: result.counts,
    specs: result.specs.map((spec) => ({
      ...spec,
      profile: profileJson(spec.profile),
      base: spec.base && sideJson(spec.base),
      head: spec.head && sideJson(spec.head),
      change: spec.change && {
        ...spec.change,
        ratio: finiteOrNull(spec.change.ratio),
        low: finiteOrNull(spec.change.low),
        high: finiteOrNull(spec.change.high),
        pairRatios: spec.change.pairRatios.map(finiteOrNull),
        resolvable: finiteOrNull(spec.change.resolvable),
      },
      files: { ...spec.files },
      error: spec.error && { ...spec.error },
      warnings: [...spec.warnings],
    })),
  };
}

function sideJson(side: NonNullable<AbSpecResult["base"]>) {
  return {
    centreNs: finiteOrNull(side.centreNs),
    valuesNs: side.valuesNs.map(finiteOrNull),
    cpuShares: side.cpuShares.map(finiteOrNull),
    rps: side.rps.map(finiteOrNull),
    modes: side.modes.map(jsonMode),
  };
}
