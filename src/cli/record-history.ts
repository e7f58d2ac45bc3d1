/**
 * Recording a run (or a comparison) in the history store, after its reports are written: a store
 * that cannot be written is a warning, or with --history-required an error (exit 3) that a run
 * with a clean verdict leaves with. With --history-required the store is also opened before
 * anything is measured, so a wrong URL fails in a second, not after the suite.
 */
import { type ExitCodeValue, ExitCode, FxperfError } from "../errors.ts";
import type { ResultRow, RunRow } from "../history/rows.ts";
import { describeTarget, openHistory } from "../history/store.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { HistorySettings } from "./settings.ts";

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
