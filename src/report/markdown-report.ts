/**
 * A Markdown Performance Summary, for GitHub's job summary (GITHUB_STEP_SUMMARY)
 * or a pull-request comment. Pure.
 */
import type { RunResult } from "../result/run-result.ts";
import type { SpecResult } from "../result/spec-result.ts";
import { baselineCentres, baselineChange, baselineLines, CENTRE_LEGEND } from "./baseline-lines.ts";
import { expectationLines } from "./expectation-lines.ts";
import { microForkLines, microResolutionLine, modesLine } from "./fork-lines.ts";
import { headlineFigures } from "./headline.ts";
import { failureLines } from "./junit-report.ts";
import { hasOutliers, outlierLine } from "./outlier-line.ts";
import { formatNs } from "../units.ts";

const ICON: Record<SpecResult["status"], string> = {
  PASS: "✅",
  FAIL: "❌",
  WARN: "⚠️",
  ERROR: "💥",
  SKIP: "⏭️",
  "NO BASELINE": "➖",
};

// What GitHub turns into a ping or a link: @mentions (and e-mail addresses), issue references
// (#123, GH-123, owner/repo#123) and bare URLs (https://…, www.…).
const AUTOLINK = /@|#(?=\d)|\bGH-(?=\d)|:(?=\/\/)|\bwww(?=\.)/gi;

/**
 * Escapes text for Markdown (GitHub's flavour): no HTML, no formatting, no links, no pings, one line.
 * A zero-width space (as an entity, after the `&` escaping) breaks each autolink pattern; encoding the
 * `@` itself would not, since GitHub finds mentions in the rendered text, where entities are decoded.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|])/g, "\\$1")
    .replace(/\r\n|\r|\n/g, " ")
    .replace(AUTOLINK, "$&&#8203;");
}

/** A Markdown code span that holds any text: a fence longer than its longest run of backticks, on one line. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, " ");
  const fence = "`".repeat(Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Escapes text for a Markdown table cell. */
export const escapeCell = escapeMarkdown;

function figures(spec: SpecResult): [string, string, string] {
  return headlineFigures(spec) ?? ["–", "–", "–"];
}

function verdictNote(spec: SpecResult): string {
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
    `## ${failed ? "❌" : "✅"} Performance Summary`,
    "",
    `${run.specs.length} specs: **${counts.PASS} passed**, **${counts.FAIL} failed**, ${counts.ERROR} errors, ${counts.WARN} undecided, ${counts.SKIP} skipped, ${counts["NO BASELINE"]} without limits. Machine ${codeSpan(run.profiles.slug)}${run.git.commit ? `, commit ${codeSpan(run.git.commit.slice(0, 12))}` : ""}${run.git.branch ? ` on ${codeSpan(run.git.branch)}` : ""}.`,
    "",
    "| | Spec | p50 | p99 | Volume | Centre vs baseline | Note |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ...run.specs.map((spec) => {
      const [p50, p99, volume] = figures(spec);
      const change = spec.kind === "micro" ? (baselineChange(spec) ?? "–") : "–";
      return `| ${ICON[spec.status]} ${spec.status} | ${escapeCell(spec.id)} | ${p50} | ${p99} | ${volume} | ${change} | ${escapeCell(verdictNote(spec))} |`;
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
  if (!run.guard.guarded)
    lines.push("", `> **Unguarded run** (--allow-unfit): ${escapeMarkdown(run.guard.refusals.join("; "))}.`);
  if (run.profiles.notices.length > 0) lines.push("", ...run.profiles.notices.map((n) => `- ${escapeMarkdown(n)}`));
  if (run.interrupted) lines.push("", "> Interrupted: specs after the last one listed did not run.");
  return `${lines.join("\n")}\n`;
}
