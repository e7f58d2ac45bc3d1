/**
 * A Markdown Performance Summary, for GitHub's job summary (GITHUB_STEP_SUMMARY)
 * or a pull-request comment. Pure.
 */
import { renderProfileMarkdown } from "./profile-lines.ts";
import { codeSpan, escapeCell, escapeMarkdown } from "../format/escape.ts";
import type { RunResult } from "../result/run-result.ts";
import type { SpecResult } from "../result/spec-result.ts";
import { baselineCentres, baselineChange, baselineLines, CENTRE_LEGEND } from "./baseline-lines.ts";
import { expectationLines } from "./expectation-lines.ts";
import { microForkLines, microResolutionLine, modesLine } from "./fork-lines.ts";
import { headlineFigures } from "./headline.ts";
import { failureLines } from "./junit-report.ts";
import { hasOutliers, outlierLine } from "./outlier-line.ts";
import { formatNs } from "../units.ts";
import { INTERRUPTED_MARK, STATUS_MARKS } from "./marks.ts";

/** Why a spec has its status, in one line: the failure, the error, what an undecided spec resolves, a warning. */
export function verdictNote(spec: SpecResult): string {
  if (spec.status === "FAIL") return failureLines(spec).join("; ");
  if (spec.status === "ERROR") return spec.error?.message ?? "";
  if (spec.status === "SKIP") return spec.skipReason ?? "";
  // An undecided spec says what it can resolve; otherwise a warning, or the modes of its forks.
  const undecided = spec.kind === "micro" && spec.status === "WARN" ? microResolutionLine(spec) : undefined;
  const modes = spec.kind === "micro" ? modesLine(spec.forks?.modes, formatNs) : undefined;
  return expectationLines(spec)[0] ?? undecided ?? spec.warnings[0] ?? modes ?? "";
}

/** The Markdown summary of a run. */
export function renderMarkdownReport(run: RunResult): string {
  const { counts } = run;
  const failed = counts.FAIL + counts.ERROR > 0;
  const lines = [
    // An interrupted run never reads as a success: the specs it did not reach are not known to pass.
    `## ${run.interrupted ? INTERRUPTED_MARK : failed ? STATUS_MARKS.FAIL : STATUS_MARKS.PASS} Performance Summary${run.interrupted ? " (interrupted)" : ""}`,
    "",
    `${run.specs.length} specs: **${counts.PASS} passed**, **${counts.FAIL} failed**, ${counts.ERROR} errors, ${counts.WARN} undecided, ${counts.SKIP} skipped, ${counts["NO BASELINE"]} without limits. Machine ${codeSpan(run.profiles.slug)}${run.git.commit ? `, commit ${codeSpan(run.git.commit.slice(0, 12))}` : ""}${run.git.branch ? ` on ${codeSpan(run.git.branch)}` : ""}.`,
    "",
    "| | Spec | p50 | p99 | Volume | Centre vs baseline | Note |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ...run.specs.map((spec) => {
      const [p50, p99, volume] = headlineFigures(spec);
      const change = spec.kind === "micro" ? (baselineChange(spec) ?? "–") : "–";
      return `| ${STATUS_MARKS[spec.status]} ${spec.status} | ${escapeCell(spec.id)} | ${p50} | ${p99} | ${volume} | ${change} | ${escapeCell(verdictNote(spec))} |`;
    }),
  ];
  if (run.specs.some((s) => s.kind === "micro" && s.baseline && baselineCentres(s.baseline.outcome)))
    lines.push("", `<sub>${escapeMarkdown(CENTRE_LEGEND)}.</sub>`);
  // The console's details, for every spec that has them: the baseline it was compared with (and
  // which profile that came from), what the spec can resolve and its modes, its outliers when there
  // are any (a comment has little room) and every warning.
  const details = run.specs.flatMap((spec) => {
    const lines = [
      ...(spec.kind === "micro" ? baselineLines(spec, (file) => file) : []),
      ...(spec.kind === "micro" ? microForkLines(spec) : []),
      ...(spec.kind === "micro" && spec.measurement && hasOutliers(spec.measurement)
        ? [outlierLine(spec.measurement)!]
        : []),
      ...spec.warnings,
    ];
    return lines.length === 0
      ? []
      : [`- ${escapeMarkdown(spec.id)}`, ...lines.map((line) => `  - ${escapeMarkdown(line)}`)];
  });
  if (details.length > 0)
    lines.push(
      "",
      "<details><summary>Baselines, modes, outliers and warnings</summary>",
      "",
      ...details,
      "",
      "</details>",
    );
  for (const spec of run.specs)
    if (spec.kind === "micro" && spec.profile)
      lines.push("", ...renderProfileMarkdown(spec.id, spec.profile).slice(0, -1));
  if (!run.guard.guarded)
    lines.push("", `> **Unguarded run** (--allow-unfit): ${escapeMarkdown(run.guard.refusals.join("; "))}.`);
  if (run.profiles.notices.length > 0) lines.push("", ...run.profiles.notices.map((n) => `- ${escapeMarkdown(n)}`));
  if (run.interrupted) lines.push("", "> Interrupted: specs after the last one listed did not run.");
  return `${lines.join("\n")}\n`;
}
