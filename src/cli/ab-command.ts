/**
 * `fxperf ab`: is this change slower? The head is the working tree as it is; the base is a
 * revision checked out into a temporary git worktree (or a directory the user prepared). The same
 * spec paths are loaded in both trees, specs are matched by id, and each spec is measured in
 * alternating fresh processes of both trees and judged on the ratio head / base.
 */
import { join, relative } from "node:path";
import { prepareBaseDependencies } from "../ab/dependencies.ts";
import { addBaseWorktree, type BaseWorktree, findHeadTree, resolveRevision } from "../ab/git.ts";
import { type ExitCodeValue, FxperfError } from "../errors.ts";
import { abResultExitCode } from "../result/exit-code.ts";
import { createAbConsoleReporter } from "../report/ab-console-reporter.ts";
import { createColors } from "../report/colors.ts";
import { AB_DOCUMENTS } from "../report/documents.ts";
import { combineReporters } from "../report/reporter.ts";
import { type AbRunResult, type AbSpecResult, countAbStatuses } from "../result/ab-result.ts";
import { measureAddedSpec } from "../run/run-ab-added-spec.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS, measureAddedLoadSpec, runAbLoadSpec } from "../run/run-ab-load-spec.ts";
import { AB_PAIRED_FORKS, runAbMicroSpec } from "../run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS, overBudgetWarning } from "../run/run-forks.ts";
import { startLoadHost } from "../run/load-host.ts";
import type { SpecProgress } from "../run/spec-loop.ts";
import { runSpecLoop } from "../run/spec-loop.ts";
import { createForkLauncher } from "../run/spawn-fork.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { importSpecs } from "../spec/import-specs.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { VERSION } from "../version.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { rowsOfAb } from "../history/rows.ts";
import { createCpuProfiler } from "./cpu-profiles.ts";
import { checkHistoryEarly, recordHistory } from "./record-history.ts";
import { createOutputReporters } from "./output-reporters.ts";
import {
  checkGuard,
  displayFrom,
  findSpecFiles,
  noSpecFiles,
  prepareLoad,
  probeAndImport,
  probeFingerprint,
  throwProblems,
} from "./prepare.ts";
import { selectShard, specShardView } from "./select-shard.ts";
import type { AbSettings } from "./settings.ts";
import {
  abSchedule,
  abTolerance,
  findBaseFiles,
  matchSpecs,
  type PlanItem,
  placeLoad,
  selectTree,
  type Trees,
} from "./ab-plan.ts";

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
    // git worktree add checks out no submodule: said now, before a base spec file fails to import one.
    if ((await runtime.stat(join(worktree.dir, ".gitmodules"))) === "file") {
      runtime.stderr.write(
        'note: the base worktree has no submodules checked out (git worktree add leaves them empty): a spec file that imports from one fails in the base; check the base out with "git submodule update --init" yourself and pass --base-dir <dir>\n',
      );
    }
  } else {
    baseRoot = settings.baseDir!;
    const kind = await runtime.stat(baseRoot);
    if (kind !== "directory") {
      throw new FxperfError(
        "USAGE",
        `Option "--base-dir" is "${baseRoot}": ${kind === undefined ? "no such directory" : "a file, not a directory"}`,
        { hint: "pass a checkout of the base revision, or use --base <git-rev> to let fxperf check it out" },
      );
    }
    // One tree as both sides would load each spec file once (the module cache): refused, not half-run.
    const headTree = head?.root ?? cwd;
    const [baseReal, headReal] = [await runtime.realPath(baseRoot), await runtime.realPath(headTree)];
    if (baseReal !== undefined && baseReal === headReal) {
      throw new FxperfError("USAGE", `Option "--base-dir" is "${baseRoot}": that is the head's own tree`, {
        hint: "for an A/A check of the noise, compare with a copy: cp -r . ../aa-copy && fxperf ab --base-dir ../aa-copy",
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

/** Compares the specs of the two trees at `at`: the shared preparation steps, the spec loop, every reporter. */
async function compare(runtime: Runtime, settings: AbSettings, signal: AbortSignal, at: Trees): Promise<ExitCodeValue> {
  // Reporter choices are checked (and their paths resolved) before anything is measured.
  const outputs = await createOutputReporters<AbRunResult, AbSpecResult>(
    runtime,
    settings.reporters,
    settings.githubStepSummary,
    AB_DOCUMENTS,
  );
  const headFiles = await findSpecFiles(runtime, settings.paths, at.cwd);
  if (headFiles.length === 0) throw noSpecFiles(settings.paths);
  const baseFiles = await findBaseFiles(runtime, settings.paths, at);
  const restoreConsole = outputs.claimsStdout ? runtime.redirectStdoutToStderr() : () => {};
  try {
    // One probe process for both trees' files.
    const imported = await probeAndImport(runtime, headFiles, { timeoutNs: settings.timeoutNs, signal }, baseFiles);
    throwProblems(imported.problems, at.cwd, " (in the working tree)");
    const head = selectTree(imported, at.headRoot, settings);
    const base = selectTree(await importSpecs(runtime, baseFiles), at.baseRoot, settings);
    const guard = await checkGuard(runtime, settings.allowUnfit);
    await checkHistoryEarly(runtime, settings.history);
    const plan = matchSpecs(head.selected, base, at);
    if (plan.length === 0) {
      throw new FxperfError(
        "NO_SPECS",
        `No spec selected in either tree: ${head.loaded.specs.length} loaded in the head, ${base.loaded.specs.length} in the base, none matched the filters`,
        { hint: 'check --tags, --skip-tags and --grep against "fxperf run --list"' },
      );
    }
    const { items: planned, shard } = await selectShard(runtime, settings, plan, (item) =>
      item.kind !== "done"
        ? specShardView(item.head)
        : {
            id: item.result.id,
            together: [],
            kind: item.result.kind,
            file: item.result.files.head ?? item.result.files.base ?? "",
          },
    );
    let reportFailed = false;
    const reporter = combineReporters(
      [
        createAbConsoleReporter(runtime.stderr, ...summaryTarget(runtime, settings, outputs.claimsStdout)),
        ...outputs.reporters,
      ],
      (error) => {
        reportFailed = true;
        runtime.stderr.write(`error: a reporter failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
    const measure = await prepareMeasure(runtime, settings, signal, at, planned, reporter);
    const startedAt = runtime.nowIso();
    const files = new Set(
      planned.map((item) =>
        item.kind !== "done"
          ? relative(at.headRoot, item.head.file)
          : (item.result.files.head ?? item.result.files.base),
      ),
    );
    reporter.onRunStart?.({ total: planned.length, files: files.size });
    const idOf = (item: PlanItem) => (item.kind === "done" ? item.result.id : item.head.id);
    const { results, interrupted } = await runSpecLoop(planned, { signal, idOf }, reporter, async (item) => ({
      results: [
        item.kind === "done"
          ? item.result
          : item.kind === "added"
            ? await measure.added(item)
            : await measure.pair(item),
      ],
    })).finally(measure.dispose);
    const result: AbRunResult = {
      fxperfVersion: VERSION,
      runtime: { name: runtime.name, version: runtime.version },
      startedAt,
      endedAt: runtime.nowIso(),
      ...at.trees,
      guard: { guarded: guard.refusals.length === 0, refusals: guard.refusals, warnings: guard.warnings },
      strict: settings.strict,
      interrupted,
      planned: planned.length,
      loadCpus: measure.loadCpus,
      ...(shard ? { shard } : {}),
      specs: results,
      counts: countAbStatuses(results),
    };
    restoreConsole();
    await reporter.onRunEnd?.(result);
    runtime.stderr.write(outputs.locations());
    const exitCode = abResultExitCode(result, reportFailed);
    if (!settings.history.target) return exitCode;
    // Only a recorded comparison needs the branch (a git call); the fingerprint is the one measured with.
    const machine = {
      slug: fingerprintSlug(measure.fingerprint),
      json: JSON.stringify(measure.fingerprint),
      branch: await runtime.gitBranch(at.cwd),
    };
    return recordHistory(runtime, settings.history, rowsOfAb(result, machine), exitCode);
  } finally {
    restoreConsole();
  }
}

/** Where the summary goes, and in which colours: stderr when a report claims stdout. */
function summaryTarget(runtime: Runtime, settings: AbSettings, claimsStdout: boolean) {
  return claimsStdout
    ? ([runtime.stderr, createColors(settings.color.stderr), createColors(settings.color.stderr)] as const)
    : ([runtime.stdout, createColors(settings.color.stderr), createColors(settings.color.stdout)] as const);
}

/**
 * How each matched pair is measured: forks of both trees for micro specs, a load host per side
 * and wrk for load specs (wrk found, and placed on its own CPU unless --no-pin).
 */
async function prepareMeasure(
  runtime: Runtime,
  settings: AbSettings,
  signal: AbortSignal,
  at: Trees,
  plan: readonly PlanItem[],
  progress: Pick<SpecProgress<unknown>, "onSpecWork">,
) {
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
  // A separate comparison runs one fork per side per pair; a paired one runs both sides in each fork.
  const onLaunch = (side: "base" | "head", index: number) =>
    progress.onSpecWork?.(
      settings.paired ? `measuring base and head, fork ${index + 1}...` : `measuring ${side}, pair ${index + 1}...`,
    );
  const launchers = {
    base: createForkLauncher(runtime, { signal, cwd: at.baseCwd, onLaunch: (i) => onLaunch("base", i) }),
    head: createForkLauncher(runtime, { signal, cwd: at.cwd, onLaunch: (i) => onLaunch("head", i) }),
  };
  // A load spec's hooks run in a host process per side, in that side's tree.
  const startHost = (side: "base" | "head", spec: ResolvedLoadSpec) =>
    startLoadHost(runtime, spec, {
      timeoutNs: settings.timeoutNs,
      signal,
      cwd: side === "base" ? at.baseCwd : at.cwd,
      prefix: placement?.serverPrefix,
    });
  const nowNs = () => runtime.nowNs();
  const profiler = await createCpuProfiler(runtime, settings.cpuProfile, settings.timeoutNs);
  /** Both sides' CPU profiles, side by side, for a spec that changed (or every one with --cpu-profile). */
  const withProfile = async (result: AbSpecResult, item: Extract<PlanItem, { kind: "measure" }>) => {
    if (!profiler.wants(result.status === "regressed" || result.status === "improved")) return result;
    const taken = await profiler.take(
      result.id,
      {
        base: { launch: launchers.base, spec: item.base, root: at.baseRoot },
        head: { launch: launchers.head, spec: item.head, root: at.headRoot },
      },
      result.status === "regressed" ? "grew" : result.status === "improved" ? "shrank" : "either",
    );
    return "summary" in taken
      ? { ...result, profile: taken.summary }
      : { ...result, warnings: [...result.warnings, taken.warning] };
  };
  return {
    fingerprint,
    loadCpus: placement && load.backend ? { wrk: placement.wrkCpus, servers: placement.serverCpus } : null,
    dispose: () => Promise.all([launchers.base.dispose(), launchers.head.dispose()]),
    /** Measures a spec only the head has, alone: a figure for its author, no verdict. */
    added: ({ head, files }: Extract<PlanItem, { kind: "added" }>) =>
      head.kind === "micro"
        ? measureAddedSpec(head, files, { timeoutNs: head.timeoutNs ?? settings.timeoutNs, nowNs }, launchers.head)
        : measureAddedLoadSpec(head, files, { load, startHost, signal, nowNs }),
    /** Measures one pair of specs and judges it. */
    async pair(item: Extract<PlanItem, { kind: "measure" }>): Promise<AbSpecResult> {
      const files = { base: relative(at.baseRoot, item.base.file), head: relative(at.headRoot, item.head.file) };
      const tolerance = abTolerance(item.head, settings);
      let result: AbSpecResult;
      let schedule: ReturnType<typeof abSchedule>;
      if (item.head.kind === "micro" && item.base.kind === "micro") {
        schedule = abSchedule(settings, item.head.forks, settings.paired ? AB_PAIRED_FORKS : FORK_DEFAULTS.forks);
        const timeoutNs = item.head.timeoutNs ?? settings.timeoutNs;
        const options = { tolerance, schedule, timeoutNs, nowNs, paired: settings.paired };
        result = await runAbMicroSpec({ base: item.base, head: item.head }, files, options, launchers);
      } else if (item.head.kind === "load" && item.base.kind === "load") {
        schedule = abSchedule(settings, undefined, AB_LOAD_PAIRS, AB_LOAD_MAX_TIME_NS);
        const options = { tolerance, load, schedule, startHost, signal, nowNs };
        result = await runAbLoadSpec({ base: item.base, head: item.head }, files, options);
      } else {
        throw new Error(`spec kinds of "${item.head.id}" differ; matchSpecs should have settled it`);
      }
      const overBudget = overBudgetWarning(result.pairs, result.elapsedNs, schedule, "pair");
      const judged = overBudget ? { ...result, warnings: [...result.warnings, overBudget] } : result;
      return item.head.kind === "micro" && item.base.kind === "micro" ? withProfile(judged, item) : judged;
    },
  };
}
