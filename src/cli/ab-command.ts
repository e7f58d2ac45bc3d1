/**
 * `fxperf ab`: is this change slower? The head is the working tree as it is; the base is a
 * revision checked out into a temporary git worktree (or a directory the user prepared). The same
 * spec paths are loaded in both trees, specs are matched by id, and each spec is measured in
 * alternating fresh processes of both trees and judged on the ratio head / base.
 */
import { join, relative, resolve } from "node:path";
import { prepareBaseDependencies } from "../ab/dependencies.ts";
import { addBaseWorktree, type BaseWorktree, findHeadTree, resolveRevision } from "../ab/git.ts";
import { type ExitCodeValue, FxperfError, runExitCode } from "../errors.ts";
import { renderAbHtml } from "../report/ab-html.ts";
import { renderAbJunit } from "../report/ab-junit.ts";
import { abProgressLine, renderAbJson, renderAbMarkdown, renderAbSummary } from "../report/ab-report.ts";
import type { ReporterChoice } from "../report/select-reporters.ts";
import { escapeControlChars } from "../format/escape.ts";
import { createColors } from "../report/colors.ts";
import { type AbRunResult, type AbSpecResult, countAbStatuses } from "../result/ab-result.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS, runAbLoadSpec } from "../run/run-ab-load-spec.ts";
import { AB_PAIRED_FORKS, runAbMicroSpec } from "../run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS, overBudgetWarning } from "../run/run-forks.ts";
import { startLoadHost } from "../run/load-host.ts";
import { Interrupted } from "../run/interrupted.ts";
import { createForkLauncher } from "../run/spawn-fork.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { discoverSpecFiles, isGlobPattern } from "../spec/discover.ts";
import { probeSpecFiles } from "../spec/probe-spec-files.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { AB_DEFAULT_TOLERANCE } from "../verdict/ab-verdict.ts";
import { VERSION } from "../version.ts";
import { appendStepSummary, writeReport } from "./output-reporters.ts";
import {
  checkGuard,
  displayFrom,
  noSpecFiles,
  prepareLoad,
  probeFingerprint,
  renderProblems,
  specProblemCode,
} from "./prepare.ts";
import type { AbSettings } from "./settings.ts";
import { abSchedule, basePaths, importTree, matchSpecs, placeLoad, type Trees } from "./ab-plan.ts";

/** Runs `fxperf ab`; returns the exit code. Usage and environment problems throw FxperfError. */
export async function abCommand(runtime: Runtime, settings: AbSettings, signal: AbortSignal): Promise<ExitCodeValue> {
  const cwd = runtime.cwd();
  const head = await findHeadTree(runtime, cwd);
  let worktree: BaseWorktree | undefined;
  let baseRoot: string;
  let baseCommit: string | null;
  if (settings.baseRef !== undefined) {
    if (!head) {
      throw new FxperfError("USAGE", `"fxperf ab --base" needs a git repository, and "${cwd}" is not inside one`, {
        hint: "run it inside the repository, or check the base out yourself and pass --base-dir <dir>",
      });
    }
    baseCommit = await resolveRevision(runtime, head.root, settings.baseRef);
    runtime.stderr.write(
      `Checking out the base (${settings.baseRef}, ${baseCommit.slice(0, 10)}) into a temporary worktree...\n`,
    );
    worktree = await addBaseWorktree(runtime, head.root, baseCommit);
    baseRoot = worktree.dir;
    runtime.stderr.write(`Base tree: ${worktree.dir}\n`);
  } else {
    baseRoot = settings.baseDir!;
    if ((await runtime.stat(baseRoot)) !== "directory") {
      throw new FxperfError("USAGE", `Option "--base-dir" is "${baseRoot}": no such directory`, {
        hint: "pass a checkout of the base revision, or use --base <git-rev> to let fxperf check it out",
      });
    }
    baseCommit = await runtime.gitCommit(baseRoot);
  }
  // The tree's root in each: paths under cwd map to the same place under the base's root.
  const headRoot = head?.root ?? cwd;
  const baseCwd = join(baseRoot, head?.prefix ?? "");
  try {
    const dependencies = await prepareBaseDependencies(
      runtime,
      { headRoot, headCwd: cwd, baseRoot },
      { install: settings.install, display: displayFrom(runtime) },
    );
    runtime.stderr.write(`Base dependencies: ${dependencies.description}\n`);
    try {
      return await compare(runtime, settings, signal, {
        cwd,
        baseCwd,
        headRoot,
        baseRoot,
        trees: {
          base: {
            ref: settings.baseRef ?? null,
            commit: baseCommit,
            source: worktree ? "worktree" : "dir",
            dependencies: dependencies.description,
          },
          head: { commit: head?.commit ?? null, dirty: (head?.changes.length ?? 0) > 0 },
        },
      });
    } finally {
      await dependencies.undo();
    }
  } finally {
    await worktree?.remove();
  }
}

/** Where the two trees are. */
async function compare(runtime: Runtime, settings: AbSettings, signal: AbortSignal, at: Trees): Promise<ExitCodeValue> {
  const reporting = prepareReporting(runtime, settings);
  const notes: string[] = [];
  const headFiles = await discoverSpecFiles(runtime, settings.paths, at.cwd, notes);
  for (const note of notes) runtime.stderr.write(`note: ${note}\n`);
  if (headFiles.length === 0) throw noSpecFiles(settings.paths);
  const baseFiles: string[] = [];
  for (const path of await basePaths(runtime, settings.paths, at)) {
    // A pattern the base matches nothing with gives no spec there: its head specs are "added".
    const files = await discoverSpecFiles(runtime, [path], at.baseCwd).catch((error: unknown) => {
      if (error instanceof FxperfError && error.code === "MISSING_PATH" && isGlobPattern(path)) return [];
      throw error;
    });
    baseFiles.push(...files.filter((file) => !baseFiles.includes(file)));
  }
  const probe = { timeoutNs: settings.timeoutNs, signal, display: displayFrom(runtime) };
  // One probe process for both trees' files.
  await probeSpecFiles(runtime, [...headFiles, ...baseFiles], probe);
  const restoreConsole = reporting.claimsStdout ? runtime.redirectConsoleToStderr() : () => {};
  try {
    const head = await importTree(runtime, headFiles, at.headRoot, settings);
    if (head.loaded.problems.length > 0) {
      throw new FxperfError(specProblemCode(head.loaded.problems), renderProblems(head.loaded.problems, at.cwd), {
        hint: "fix the spec files above (in the working tree); nothing was measured",
      });
    }
    const base = await importTree(runtime, baseFiles, at.baseRoot, settings);
    const guard = await checkGuard(runtime, settings.allowUnfit);
    const plan = matchSpecs(head.selected, base, at);
    if (plan.length === 0) {
      throw new FxperfError(
        "NO_SPECS",
        `No spec selected in either tree: ${head.loaded.specs.length} loaded in the head, ${base.loaded.specs.length} in the base, none matched the filters`,
        { hint: 'check --tags, --skip-tags and --grep against "fxperf run --list"' },
      );
    }
    const fingerprint = await probeFingerprint(runtime);
    const measured = plan.flatMap((p) => (p.kind === "measure" ? [p.head] : []));
    const placed = await placeLoad(runtime, settings, measured);
    const placement = placed?.placement;
    const load = await prepareLoad(
      runtime,
      settings.load,
      measured,
      placement?.wrkCores ?? fingerprint.cores,
      placement?.wrkPrefix,
    );
    // Said only once wrk was found: without it the load specs are skipped (or ab stops, exit 3).
    if (placed && load.backend) runtime.stderr.write(`${placed.message}\n`);
    const startedAt = runtime.nowIso();
    const launchers = {
      base: createForkLauncher(runtime, { signal, cwd: at.baseCwd }),
      head: createForkLauncher(runtime, { signal, cwd: at.cwd }),
    };
    // A load spec's hooks run in a host process per side, in that side's tree.
    const startHost = (side: "base" | "head", spec: ResolvedLoadSpec) =>
      startLoadHost(runtime, spec, {
        timeoutNs: settings.timeoutNs,
        signal,
        cwd: side === "base" ? at.baseCwd : at.cwd,
        prefix: placement?.serverPrefix,
      });
    const progress = createColors(settings.color.stderr);
    const results: AbSpecResult[] = [];
    let interrupted = false;
    try {
      for (const [index, item] of plan.entries()) {
        if (signal.aborted) {
          interrupted = true;
          break;
        }
        if (item.kind === "done") {
          results.push(item.result);
          continue;
        }
        const label = `[${index + 1}/${plan.length}] ${escapeControlChars(item.head.id)}`;
        runtime.stderr.write(progress.dim(`${label}: measuring base and head in turn...\n`));
        const files = { base: relative(at.baseRoot, item.base.file), head: relative(at.headRoot, item.head.file) };
        const tolerance = settings.tolerance ?? item.head.tolerance ?? AB_DEFAULT_TOLERANCE;
        const schedule =
          item.head.kind === "micro"
            ? abSchedule(settings, item.head.forks, settings.paired ? AB_PAIRED_FORKS : FORK_DEFAULTS.forks)
            : abSchedule(settings, undefined, AB_LOAD_PAIRS, AB_LOAD_MAX_TIME_NS);
        try {
          const result =
            item.head.kind === "micro" && item.base.kind === "micro"
              ? await runAbMicroSpec(
                  { base: item.base, head: item.head },
                  files,
                  {
                    tolerance,
                    schedule,
                    timeoutNs: item.head.timeoutNs ?? settings.timeoutNs,
                    nowNs: () => runtime.nowNs(),
                    paired: settings.paired,
                  },
                  launchers,
                )
              : item.head.kind === "load" && item.base.kind === "load"
                ? await runAbLoadSpec({ base: item.base, head: item.head }, files, {
                    tolerance,
                    load,
                    schedule,
                    startHost,
                    signal,
                    nowNs: () => runtime.nowNs(),
                  })
                : undefined;
          if (!result) throw new Error(`spec kinds of "${item.head.id}" differ; matchSpecs should have settled it`);
          runtime.stderr.write(`${label}: ${abProgressLine(result)}\n`);
          const overBudget = overBudgetWarning(result.pairs, result.elapsedNs, schedule, "pair");
          results.push(overBudget ? { ...result, warnings: [...result.warnings, overBudget] } : result);
        } catch (error) {
          if (error instanceof Interrupted || signal.aborted) {
            interrupted = true;
            break;
          }
          throw error;
        }
      }
    } finally {
      await Promise.all([launchers.base.dispose(), launchers.head.dispose()]);
    }
    const result: AbRunResult = {
      fxperfVersion: VERSION,
      runtime: { name: runtime.name, version: runtime.version },
      startedAt,
      endedAt: runtime.nowIso(),
      ...at.trees,
      guard: { guarded: guard.refusals.length === 0, refusals: guard.refusals, warnings: guard.warnings },
      strict: settings.strict,
      interrupted,
      planned: plan.length,
      loadCpus: placement && load.backend ? { wrk: placement.wrkCpus, servers: placement.serverCpus } : null,
      specs: results,
      counts: countAbStatuses(results),
    };
    restoreConsole();
    const reportFailed = await reporting.write(result);
    return runExitCode({
      interrupted,
      failed: result.counts.regressed,
      errors: result.counts.error,
      undecidedUnderStrict: settings.strict ? result.counts.undecided : 0,
      reportFailed,
    });
  } finally {
    restoreConsole();
  }
}

/** The console summary, the chosen reports and the job summary; `write` resolves true when a report failed. */
function prepareReporting(runtime: Runtime, settings: AbSettings) {
  const cwd = runtime.cwd();
  const claimsStdout = settings.reporters.some((choice) => choice.target === "-");
  const summaryFile = settings.githubStepSummary ? resolve(cwd, settings.githubStepSummary) : undefined;
  return {
    claimsStdout,
    async write(result: AbRunResult): Promise<boolean> {
      const stream = claimsStdout ? runtime.stderr : runtime.stdout;
      stream.write(renderAbSummary(result, createColors(claimsStdout ? settings.color.stderr : settings.color.stdout)));
      let failed = false;
      for (const choice of settings.reporters) {
        const text = renderAbReport(choice, result);
        try {
          await writeReport(runtime, cwd, choice.target ?? "-", text);
        } catch (error) {
          failed = true;
          runtime.stderr.write(`error: ${(error as Error).message}\n`);
        }
      }
      if (summaryFile) {
        await appendStepSummary(runtime, settings.githubStepSummary!, summaryFile, renderAbMarkdown(result));
      }
      return failed;
    },
  };
}

/** The text of one `--reporter` choice (parse-settings.ts allows only these four). */
function renderAbReport(choice: ReporterChoice, result: AbRunResult): string {
  const name = choice.kind === "built-in" ? choice.name : "markdown";
  if (name === "json") return `${JSON.stringify(renderAbJson(result), null, 2)}\n`;
  if (name === "junit") return renderAbJunit(result);
  if (name === "html") return renderAbHtml(result);
  return renderAbMarkdown(result);
}
