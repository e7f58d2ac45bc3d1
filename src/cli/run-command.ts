/**
 * `fxperf run`: discover, load, filter, guard, measure, report, and decide the exit code.
 */
import { ExitCode, type ExitCodeValue, FxperfError } from "../errors.ts";
import { evaluateGuard } from "../guard/evaluate-guard.ts";
import { createColors, resolveColorEnabled } from "../report/colors.ts";
import { createConsoleReporter } from "../report/console-reporter.ts";
import { displayLocation } from "../report/summary.ts";
import { countStatuses, type RunResult } from "../run/result.ts";
import { DEFAULT_TIMEOUT_NS, runSpecs } from "../run/run-specs.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { discoverSpecFiles } from "../spec/discover.ts";
import { loadSpecs } from "../spec/load-specs.ts";
import type { SpecProblem } from "../spec/resolved.ts";
import { selectSpecs } from "../spec/select-specs.ts";
import { parseDuration } from "../units.ts";
import { VERSION } from "../version.ts";
import type { RunOptions } from "./create-cli.ts";

/** Formats spec problems as one message, one problem per line with its location. */
export function renderProblems(problems: readonly SpecProblem[], cwd: string): string {
  const lines = problems.map((p) => `  ${displayLocation(p.file, p.line, cwd)}: ${p.specId ? `spec "${p.specId}": ` : ""}${p.message}`);
  return `${problems.length === 1 ? "A spec file has a problem" : `Spec files have ${problems.length} problems`}:\n${lines.join("\n")}`;
}

/** Runs `fxperf run`; returns the exit code. Usage and environment problems throw FxperfError. */
export async function runCommand(runtime: Runtime, options: RunOptions, signal: AbortSignal): Promise<ExitCodeValue> {
  const cwd = runtime.cwd();
  const timeout = options.timeout === undefined ? { ok: true as const, value: DEFAULT_TIMEOUT_NS } : parseDuration(options.timeout);
  if (!timeout.ok || timeout.value <= 0) {
    throw new FxperfError("USAGE", `Option "--timeout" is "${options.timeout}": expected ${timeout.ok ? "a duration above zero" : timeout.expected}`);
  }

  const files = await discoverSpecFiles(runtime, options.paths, cwd);
  if (files.length === 0) {
    if (options.passWithNoSpecs) {
      runtime.stdout.write("No spec files found; nothing to do.\n");
      return ExitCode.Ok;
    }
    throw new FxperfError("NO_SPECS", `No spec files (*.perf.ts, *.perf.js, *.perf.mjs) under ${options.paths.map((p) => `"${p}"`).join(", ")}`, {
      hint: "name spec files like parser.perf.ts, or pass --pass-with-no-specs to accept an empty run",
    });
  }
  const loaded = await loadSpecs(runtime, files);
  if (loaded.problems.length > 0) {
    throw new FxperfError("SPEC_INVALID", renderProblems(loaded.problems, cwd), { hint: "fix the spec files above; nothing was measured" });
  }
  const specs = selectSpecs(loaded.specs, { tags: options.tags, skipTags: options.skipTags, grep: options.grep });
  const onlyUsed = loaded.specs.some((s) => s.only);
  if (specs.length === 0 && !options.list && !options.passWithNoSpecs) {
    throw new FxperfError("NO_SPECS", `No spec selected: ${loaded.specs.length} loaded, none matched the filters`, {
      hint: "check --tags, --skip-tags and --grep against \"fxperf run --list\", or pass --pass-with-no-specs to accept an empty run",
    });
  }

  const c = createColors(resolveColorEnabled(runtime.env, runtime.stdout.isTTY));
  if (options.list) {
    for (const spec of specs) {
      const tags = spec.tags.length > 0 ? c.dim(`  [${spec.tags.join(", ")}]`) : "";
      runtime.stdout.write(`${spec.id}${tags}${spec.skip ? c.dim("  (skip)") : ""}\n`);
    }
    runtime.stdout.write(c.dim(`${specs.length} of ${loaded.specs.length} specs selected\n`));
    return ExitCode.Ok;
  }

  const guard = evaluateGuard(await runtime.probeHost());
  if (guard.refusals.length > 0 && !options.allowUnfit) {
    throw new FxperfError("GUARD_REFUSED", `Refusing to measure: ${guard.refusals.join("; ")}. Numbers taken like this would be meaningless`, {
      hint: "remove the cause (detach the debugger, turn coverage off, unset NODE_ENV=development), or pass --allow-unfit to measure anyway",
    });
  }

  const progressColors = createColors(resolveColorEnabled(runtime.env, runtime.stderr.isTTY));
  const reporter = createConsoleReporter(runtime.stderr, runtime.stdout, progressColors, cwd);
  const startedAt = runtime.nowIso();
  reporter.onRunStart?.({ total: specs.length, files: files.length });
  const { results, interrupted } = await runSpecs(
    specs,
    { measureHeap: options.heap, timeoutNs: timeout.value, signal },
    { nowNs: runtime.nowNs, gc: runtime.gc, heapBytes: runtime.heapBytes, canGc: runtime.canGc },
    reporter,
  );
  const run: RunResult = {
    fxperfVersion: VERSION,
    runtime: { name: runtime.name, version: runtime.version },
    startedAt,
    endedAt: runtime.nowIso(),
    guard: { guarded: guard.refusals.length === 0, refusals: guard.refusals, warnings: guard.warnings },
    specs: results,
    counts: countStatuses(results),
    selection: { loaded: loaded.specs.length, selected: specs.length, onlyUsed },
    interrupted,
  };
  // The summary goes to stdout with its own colour decision.
  createConsoleReporter(runtime.stderr, runtime.stdout, c, cwd).onRunEnd?.(run);
  if (interrupted) return ExitCode.Interrupted;
  return run.counts.FAIL + run.counts.ERROR > 0 ? ExitCode.SpecFailed : ExitCode.Ok;
}
