/**
 * The console Performance Summary: a pure function of a RunResult.
 */
import { relative } from "node:path";
import type { Check, RunResult, SpecResult } from "../run/result.ts";
import { formatStatistic } from "../verdict/evaluate.ts";
import { formatBytes, formatNs } from "../units.ts";
import { type Colors, paintStatus } from "./colors.ts";
import { renderTable } from "./table.ts";

/** A path relative to `cwd` when that is shorter, for messages. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") ? rel : file;
}

/** `file:line`, relative to cwd. */
export function displayLocation(file: string, line: number | undefined, cwd: string): string {
  return line === undefined ? displayPath(file, cwd) : `${displayPath(file, cwd)}:${line}`;
}

// Stack frames inside mitata or fxperf itself say nothing about the user's code.
const INTERNAL_FRAME = /node_modules\/mitata\/|\$bunfs|\/src\/(micro|run)\/|\(native\)/;

function renderCheck(check: Check, c: Colors): string {
  const { statistic, measured, limit, passed } = check;
  const text = `${statistic} ${formatStatistic(statistic, measured)} ${passed ? "≤" : ">"} ${formatStatistic(statistic, limit.max)}`;
  return passed ? text : c.red(text);
}

function limitCell(spec: SpecResult, c: Colors): string {
  if (spec.status === "ERROR") return c.magenta(spec.error?.phase === "timeout" ? "timed out" : `${spec.error?.phase ?? "spec"} threw`);
  if (spec.status === "SKIP") return c.dim(spec.skipReason ?? "");
  if (spec.checks.length === 0) return c.dim("no limit");
  const failing = spec.checks.filter((check) => !check.passed);
  return (failing.length > 0 ? failing : spec.checks).map((check) => renderCheck(check, c)).join(", ");
}

/** Renders the Performance Summary: the table, then failures, errors and warnings, then counts. */
export function renderSummary(run: RunResult, c: Colors, cwd: string): string {
  const lines: string[] = ["", c.bold("Performance Summary")];
  if (!run.guard.guarded) {
    lines.push(c.yellow(`  Unguarded run (--allow-unfit): ${run.guard.refusals.join("; ")}. These numbers may be meaningless.`));
  }
  if (run.specs.length === 0) {
    lines.push("  No specs ran.");
  } else {
    // A HEAP column only when some spec measured bytes per iteration.
    const heap = run.specs.some((s) => s.measurement?.heapBytes !== undefined);
    const header = ["STATUS", "SPEC", "P50", "P99", "±", "SAMPLES", ...(heap ? ["HEAP"] : []), "LIMIT"];
    const rows: string[][] = [header.map((h) => c.dim(h))];
    for (const spec of run.specs) {
      const m = spec.measurement;
      rows.push([
        paintStatus(spec.status, c),
        spec.id,
        m ? formatNs(m.p50) : "-",
        m ? formatNs(m.p99) : "-",
        m ? `${(m.rme * 100).toFixed(1)}%` : "-",
        m ? m.samples.toLocaleString("en-US") : "-",
        ...(heap ? [m?.heapBytes === undefined ? "-" : formatBytes(m.heapBytes)] : []),
        limitCell(spec, c),
      ]);
    }
    lines.push(renderTable(rows, ["left", "left", "right", "right", "right", "right", ...(heap ? ["right" as const] : []), "left"]));
  }

  const details = run.specs.filter((s) => s.status === "FAIL" || s.status === "ERROR");
  for (const spec of details) {
    lines.push("", `  ${paintStatus(spec.status, c)} ${c.bold(spec.id)}  ${c.dim(displayLocation(spec.file, spec.line, cwd))}`);
    for (const check of spec.checks.filter((x) => !x.passed)) {
      const over = check.limit.max > 0 ? ` (+${((check.measured / check.limit.max - 1) * 100).toFixed(1)}%)` : "";
      lines.push(
        `    ${check.statistic} was ${formatStatistic(check.statistic, check.measured)}, limit ${formatStatistic(check.statistic, check.limit.max)}${over}, set in ${displayLocation(check.limit.source.file, check.limit.source.line, cwd)}`,
      );
    }
    if (spec.error) {
      lines.push(`    ${spec.error.phase === "spec" ? "" : `${spec.error.phase}: `}${spec.error.message}`);
      const frames = (spec.error.stack ?? "").split("\n").filter((l) => /^\s*at /.test(l) && !INTERNAL_FRAME.test(l)).slice(0, 4);
      for (const frame of frames) lines.push(c.dim(`      ${frame.trim()}`));
    }
  }

  const warned = run.specs.filter((s) => s.warnings.length > 0);
  if (warned.length > 0 || run.guard.warnings.length > 0) lines.push("", c.yellow("  Warnings"));
  for (const warning of run.guard.warnings) lines.push(c.yellow(`    ! ${warning}`));
  for (const spec of warned) for (const warning of spec.warnings) lines.push(c.yellow(`    ! ${spec.id}: ${warning}`));

  const { counts } = run;
  const parts = [
    c.green(`${counts.PASS} passed`),
    counts.FAIL > 0 ? c.red(`${counts.FAIL} failed`) : `${counts.FAIL} failed`,
    counts.ERROR > 0 ? c.magenta(plural(counts.ERROR, "error")) : plural(counts.ERROR, "error"),
    `${counts.SKIP} skipped`,
  ];
  if (counts["NO BASELINE"] > 0) parts.push(c.yellow(`${counts["NO BASELINE"]} without limits`));
  const seconds = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
  lines.push("", `  ${plural(run.specs.length, "spec")}: ${parts.join(", ")}  ${c.dim(`(${seconds.toFixed(1)} s)`)}`);
  const { loaded, selected, onlyUsed } = run.selection;
  if (selected < loaded) {
    lines.push(c.yellow(`  ${selected} of ${loaded} specs selected${onlyUsed ? ": .only() is in use, remove it before committing" : " by --tags, --skip-tags or --grep"}`));
  }
  if (run.interrupted) lines.push(c.yellow("  Interrupted: the specs after the last one shown did not run."));
  return `${lines.join("\n")}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
