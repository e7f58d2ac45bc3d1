/**
 * `fxperf run`: discover, load, filter, guard, resolve limits (profiles,
 * tolerances, overrides), measure, report, and decide the exit code.
 */
import { overrideCollisions, overrideKey } from "../env/read-overrides.ts";
import { ExitCode, type ExitCodeValue, FxperfError } from "../errors.ts";
import { runResultExitCode } from "../result/exit-code.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { loadProfiles } from "../profiles/load-profiles.ts";
import { resolveLimits, resolveLoadLimits } from "../profiles/resolve-limits.ts";
import { createColors } from "../report/colors.ts";
import { createConsoleReporter } from "../report/console-reporter.ts";
import { RUN_DOCUMENTS } from "../report/documents.ts";
import { combineReporters } from "../report/reporter.ts";
import type { SpecResult } from "../result/spec-result.ts";
import { createOutputReporters } from "./output-reporters.ts";
import { countStatuses, type RunResult } from "../result/run-result.ts";
import { runSpecs } from "../run/run-specs.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ResolvedSpec } from "../spec/resolved.ts";
import { VERSION } from "../version.ts";
import {
  checkGuard,
  createRunSpecsOptions,
  displayFrom,
  prepareLoad,
  prepareSpecs,
  probeFingerprint,
} from "./prepare.ts";
import { rowsOfRun } from "../history/rows.ts";
import { createCpuProfiler } from "./cpu-profiles.ts";
import { checkHistoryEarly, historyBaseline, recordHistory } from "./record-history.ts";
import { selectShard, specShardView } from "./select-shard.ts";
import type { RunSettings } from "./settings.ts";

/** Runs `fxperf run`; returns the exit code. Usage and environment problems throw FxperfError. */
export async function runCommand(runtime: Runtime, settings: RunSettings, signal: AbortSignal): Promise<ExitCodeValue> {
  // Paths are resolved against the directory the run starts in: a spec may call process.chdir().
  const cwd = runtime.cwd();
  const display = displayFrom(runtime);
  const env = settings.overrides;

  // Reporter choices are checked (and their paths resolved) before anything is measured.
  const outputs = await createOutputReporters<RunResult, SpecResult>(
    runtime,
    settings.reporters,
    settings.githubStepSummary,
    RUN_DOCUMENTS,
  );
  // While a report owns stdout, what spec files, hooks and load specs print with console.log goes
  // to stderr, so stdout stays machine-readable; reporters write as before once the specs are done.
  const restoreConsole = outputs.claimsStdout ? runtime.redirectStdoutToStderr() : () => {};
  try {
    return await measureAndReport(runtime, settings, signal, { cwd, display, env, outputs, restoreConsole });
  } finally {
    restoreConsole();
  }
}

/** What runCommand fixes before any spec code runs. */
interface RunStart {
  readonly cwd: string;
  readonly display: (path: string) => string;
  readonly env: RunSettings["overrides"];
  readonly outputs: Awaited<ReturnType<typeof createOutputReporters>>;
  readonly restoreConsole: () => void;
}

async function measureAndReport(
  runtime: Runtime,
  settings: RunSettings,
  signal: AbortSignal,
  { cwd, display, env, outputs, restoreConsole }: RunStart,
): Promise<ExitCodeValue> {
  const prepared = await prepareSpecs(runtime, { ...settings, allowEmptySelection: settings.list, signal });
  if (!prepared) {
    runtime.stdout.write("No spec files or specs selected; nothing to do.\n");
    return ExitCode.Ok;
  }
  const { loaded, onlyUsed } = prepared;
  const { items: specs, shard } = await selectShard(runtime, settings, prepared.selected, specShardView);

  const c = createColors(settings.color.stdout);
  if (settings.list) {
    for (const spec of specs) {
      const tags = spec.tags.length > 0 ? c.dim(`  [${spec.tags.join(", ")}]`) : "";
      runtime.stdout.write(
        `${spec.id}${tags}${c.dim(`  key ${overrideKey(spec.id)}`)}${spec.skip ? c.dim("  (skip)") : ""}\n`,
      );
    }
    const inShard = shard ? ` (shard ${shard.index}/${shard.total} of ${prepared.selected.length})` : "";
    runtime.stdout.write(c.dim(`${specs.length} of ${loaded.length} specs selected${inShard}\n`));
    return ExitCode.Ok;
  }

  // Before the guard and the profiles: an ambiguous override is a usage error whatever the machine.
  const collisions = overrideCollisions(
    loaded.map((s) => s.id),
    env.overrides,
  );
  if (collisions.length > 0) {
    throw new FxperfError("OVERRIDE_INVALID", collisions.join("\n"), {
      hint: "an override must name one spec; see docs/profiles.md#overrides",
    });
  }
  const guard = await checkGuard(runtime, settings.allowUnfit);
  await checkHistoryEarly(runtime, settings.history);
  const fingerprint = await probeFingerprint(runtime);
  const profiles =
    settings.baselineRuns === undefined
      ? await loadProfiles(runtime, {
          envFile: settings.profiles.envFile,
          flagFile: settings.profiles.flagFile,
          userDir: settings.userProfileDir,
          specPath: settings.paths[0] ?? ".",
          cwd,
          fingerprint,
          display,
        })
      : await historyBaseline(runtime, settings, specs, fingerprint);
  const notices = [...profiles.notices];
  for (const layer of profiles.layers) {
    const covered = specs.filter((s) => layer.profile.baselines[s.id] !== undefined).length;
    notices.push(
      `Profile "${display(layer.file)}" (${layer.kind}, calibrated ${layer.profile.calibration.date}): baselines for ${covered} of ${specs.length} specs`,
    );
  }
  const keys = new Set(loaded.map((s) => overrideKey(s.id)));
  for (const [key, override] of env.overrides) {
    if (!keys.has(key)) notices.push(`${override.variable} matches no spec (keys are listed by "fxperf run --list")`);
  }
  const tolerance = { flag: settings.tolerance, env: env.tolerance?.value };
  const overrideFor = (spec: ResolvedSpec) => env.overrides.get(overrideKey(spec.id));
  const load = await prepareLoad(runtime, settings.load, specs, fingerprint.cores);

  const progressColors = createColors(settings.color.stderr);
  // A report written to stdout (--reporter json=-) keeps stdout machine-readable: the summary moves to stderr.
  const summaryStream = outputs.claimsStdout ? runtime.stderr : runtime.stdout;
  const summaryColors = createColors(outputs.claimsStdout ? settings.color.stderr : settings.color.stdout);
  let reportFailed = false;
  const reporter = combineReporters(
    [createConsoleReporter(runtime.stderr, summaryStream, progressColors, cwd, summaryColors), ...outputs.reporters],
    (error) => {
      reportFailed = true;
      runtime.stderr.write(`error: a reporter failed: ${error instanceof Error ? error.message : String(error)}\n`);
    },
  );
  const strict = settings.strict || profiles.layers.some((layer) => layer.profile.strict === true);
  const startedAt = runtime.nowIso();
  reporter.onRunStart?.({ total: specs.length, files: new Set(specs.map((s) => s.file)).size });
  const runOptions = createRunSpecsOptions(
    runtime,
    settings,
    signal,
    load,
    {
      requireBaseline: settings.requireBaseline,
      limitsFor: (spec) => resolveLimits(spec, profiles.layers, tolerance, overrideFor(spec)),
      loadLimitsFor: (spec) => resolveLoadLimits(spec, profiles.layers, tolerance, overrideFor(spec)),
    },
    "run",
    await createCpuProfiler(runtime, settings.cpuProfile, settings.timeoutNs),
    reporter,
  );
  // The forks' scratch files go whatever happens to the run.
  const { results, interrupted } = await runSpecs(specs, runOptions, runtime, reporter).finally(runOptions.dispose);
  const run: RunResult = {
    fxperfVersion: VERSION,
    runtime: { name: runtime.name, version: runtime.version },
    startedAt,
    endedAt: runtime.nowIso(),
    guard: { guarded: guard.refusals.length === 0, refusals: guard.refusals, warnings: guard.warnings },
    specs: results,
    counts: countStatuses(results),
    // The whole selection: a shard's own part of it is in `shard`.
    selection: { loaded: loaded.length, selected: prepared.selected.length, onlyUsed },
    profiles: { slug: fingerprintSlug(fingerprint), notices },
    fingerprint,
    git: { commit: await runtime.gitCommit(cwd), branch: await runtime.gitBranch(cwd) },
    interrupted,
    strict,
    ...(shard ? { shard } : {}),
  };
  restoreConsole();
  await reporter.onRunEnd?.(run);
  runtime.stderr.write(outputs.locations());
  // Every spec passed but a report could not be written: CI must not read a missing report as success.
  return recordHistory(runtime, settings.history, rowsOfRun(run), runResultExitCode(run, reportFailed));
}
