/**
 * Recording a run (or a comparison) in the history store, after its reports are written: a store
 * that cannot be written is a warning, or with --history-required an error (exit 3) that a run
 * with a clean verdict leaves with. With --history-required the store is also opened before
 * anything is measured, so a wrong URL fails in a second, not after the suite.
 */
import { type ExitCodeValue, ExitCode, FxperfError } from "../errors.ts";
import type { ResultRow, RunRow } from "../history/rows.ts";
import { fingerprintSlug, type Fingerprint } from "../hardware/fingerprint.ts";
import { profileFromHistory } from "../history/history-baseline.ts";
import { describeTarget, openHistory } from "../history/store.ts";
import { DEFAULT_TOLERANCE, type ProfileLayer } from "../profiles/resolve-limits.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { parseHistoryTarget } from "./parse-output-settings.ts";
import type { HistorySettings, RunSettings } from "./settings.ts";

/** Opens and closes the store now when a failure to record would fail the run. */
export async function checkHistoryEarly(runtime: Runtime, settings: HistorySettings): Promise<void> {
  if (!settings.target || !settings.required) return;
  const store = await openHistory(runtime, settings.target);
  await store.close();
}

/** Records `rows`; returns the exit code to leave with (the run's own, or 3 when a required record failed). */
export async function recordHistory(
  runtime: Runtime,
  settings: HistorySettings,
  rows: { readonly run: RunRow; readonly results: readonly ResultRow[] },
  exitCode: ExitCodeValue,
): Promise<ExitCodeValue> {
  if (!settings.target) return exitCode;
  try {
    const store = await openHistory(runtime, settings.target);
    try {
      const id = await store.record(rows.run, rows.results);
      runtime.stderr.write(
        `Recorded in the history "${describeTarget(settings.target)}" (run ${id}, ${rows.results.length} specs)\n`,
      );
    } finally {
      await store.close();
    }
    return exitCode;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof FxperfError && error.hint ? `\nhint: ${error.hint}` : "";
    if (!settings.required) {
      runtime.stderr.write(
        `warning: ${message} (the reports were written; --history-required makes this fail the run)${hint}\n`,
      );
      return exitCode;
    }
    runtime.stderr.write(`error: ${message}${hint}\n`);
    return exitCode === ExitCode.Ok ? ExitCode.Environment : exitCode;
  }
}

/** The branch whose recorded runs a history baseline takes. */
export const HISTORY_BASELINE_BRANCH = "main";

/**
 * `run --baseline history[:n]`: the profile layer the last n recorded runs of main on this machine
 * class stand for (the store is the one --history names, else the default file).
 */
export async function historyBaseline(
  runtime: Runtime,
  settings: Pick<RunSettings, "history" | "baselineRuns">,
  specs: readonly { readonly id: string }[],
  fingerprint: Fingerprint,
): Promise<{ layers: ProfileLayer[]; notices: string[] }> {
  const target = settings.history.target ?? parseHistoryTarget(true, runtime.cwd());
  const store = await openHistory(runtime, target);
  let points: Awaited<ReturnType<typeof store.series>>;
  try {
    points = await store.series({
      command: "run",
      fingerprint: fingerprintSlug(fingerprint),
      branch: HISTORY_BASELINE_BRANCH,
      since: undefined,
      specIds: specs.map((s) => s.id),
      last: settings.baselineRuns,
    });
  } finally {
    await store.close();
  }
  const { profile, runs } = profileFromHistory(points, {
    runs: settings.baselineRuns!,
    fingerprint,
    tolerance: DEFAULT_TOLERANCE,
    now: runtime.nowIso(),
  });
  const covered = Object.keys(profile.baselines).length;
  const file = `${describeTarget(target)} (branch ${HISTORY_BASELINE_BRANCH}, last ${runs} of ${settings.baselineRuns} runs)`;
  return {
    layers: covered > 0 ? [{ kind: "history", file, profile }] : [],
    notices:
      covered > 0
        ? [
            `Baselines from the history: ${covered} of ${specs.length} specs recorded on ${HISTORY_BASELINE_BRANCH} for this machine`,
          ]
        : [
            `The history "${describeTarget(target)}" has no runs of ${HISTORY_BASELINE_BRANCH} on this machine for these specs: they are held to their own budgets only`,
          ],
  };
}
