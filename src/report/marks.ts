/**
 * The one mark (emoji) per status that Markdown reports put beside it: a run's statuses, an `ab`
 * comparison's and `compare`'s verdicts share their meanings, so they share their marks. Pure data.
 */
import type { AbStatus } from "../result/ab-result.ts";
import type { Status } from "../result/spec-result.ts";
import type { ChangeVerdict } from "../verdict/compare-reports.ts";

/** The mark of a run that Ctrl-C (or SIGTERM, SIGHUP) stopped before every spec ran. */
export const INTERRUPTED_MARK = "⏹️";

/** A status's mark in Markdown. */
export const STATUS_MARKS: Readonly<Record<Status | AbStatus | ChangeVerdict, string>> = {
  PASS: "✅",
  FAIL: "❌",
  WARN: "⚠️",
  ERROR: "💥",
  SKIP: "⏭️",
  "NO BASELINE": "➖",
  regressed: "❌",
  improved: "🚀",
  unchanged: "✅",
  undecided: "❔",
  added: "🆕",
  removed: "🗑️",
  error: "💥",
  skipped: "⏭️",
  "no data": "❔",
};
