/**
 * `fxperf history`: each spec's series over its recorded runs (of a branch and a machine class),
 * with the change points found, on the console and in the chosen reports.
 */
import { type ExitCodeValue, ExitCode, FxperfError } from "../errors.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { buildSeries } from "../history/series.ts";
import { describeTarget, openHistory } from "../history/store.ts";
import { createColors } from "../report/colors.ts";
import {
  type HistoryView,
  renderHistoryHtml,
  renderHistoryJson,
  renderHistoryMarkdown,
  renderHistorySummary,
} from "../report/history-report.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { writeReport } from "./output-reporters.ts";
import { probeFingerprint } from "./prepare.ts";
import type { HistoryCommandSettings } from "./settings.ts";

/** Runs `fxperf history`; returns the exit code. */
export async function historyCommand(runtime: Runtime, settings: HistoryCommandSettings): Promise<ExitCodeValue> {
  const cwd = runtime.cwd();
  const machine = settings.machine ?? fingerprintSlug(await probeFingerprint(runtime));
  const branch = settings.branch ?? (await runtime.gitBranch(cwd)) ?? undefined;
  // Reading never creates a store: a SQLite file that is not there has nothing to show.
  if (settings.target.kind === "sqlite" && (await runtime.stat(settings.target.path)) === undefined) {
    throw new FxperfError("HISTORY_FAILED", `No history at "${settings.target.path}": nothing was recorded there`, {
      hint: "record runs with fxperf run spec/ --history (or --history=<file> to read another store)",
    });
  }
  const store = await openHistory(runtime, settings.target);
  let points: Awaited<ReturnType<typeof store.series>>;
  try {
    points = await store.series({
      command: "run",
      fingerprint: machine,
      branch,
      since: settings.since,
      specIds: settings.specIds.length > 0 ? settings.specIds : undefined,
      last: settings.last,
    });
  } finally {
    await store.close();
  }
  const view: HistoryView = {
    target: describeTarget(settings.target),
    branch: branch ?? null,
    machine,
    last: settings.last,
    pValue: settings.pValue,
    minChange: settings.minChange,
    specs: buildSeries(points, settings),
  };
  const claimsStdout = settings.reporters.some((r) => r.target === "-");
  const summary = claimsStdout ? runtime.stderr : runtime.stdout;
  summary.write(renderHistorySummary(view, createColors(claimsStdout ? settings.color.stderr : settings.color.stdout)));
  let failed = false;
  for (const choice of settings.reporters) {
    if (choice.kind !== "built-in") continue;
    const text =
      choice.name === "json"
        ? `${JSON.stringify(renderHistoryJson(view), null, 2)}\n`
        : choice.name === "html"
          ? renderHistoryHtml(view)
          : renderHistoryMarkdown(view);
    try {
      await writeReport(runtime, cwd, choice.target, text);
    } catch (error) {
      failed = true;
      runtime.stderr.write(`error: ${(error as Error).message}\n`);
    }
  }
  return failed ? ExitCode.ReportFailed : ExitCode.Ok;
}
