/**
 * The options of what a command writes or keeps besides its verdict: shards (`--shard`, merge's
 * `--profile`), CPU profiles and the history. Part of the one option table (options.ts), which
 * spreads this list into its own; kept apart only to keep each file short.
 */
import { HISTORY_BASELINE_RUNS } from "../history/history-baseline.ts";

const SHARD_AUTO =
  "\"auto\" reads GitLab's CI_NODE_INDEX/CI_NODE_TOTAL, Buildkite's or CircleCI's parallel-job variables";
const SHARD = `Run only the i-th of n shards of the selected specs (e.g. "2/4"), and write a shard file for "fxperf merge"; ${SHARD_AUTO}`;
const SHARD_CALIBRATE = `Calibrate only the i-th of n shards of the selected specs (e.g. "2/4") into a partial profile for "fxperf merge --profile"; ${SHARD_AUTO}`;
const SHARD_TIMINGS =
  "Balance the shards by each spec's time in this earlier JSON report (or shard file) instead of by count";

/** The output options, in the order --help lists them after the measuring ones. */
export const OUTPUT_OPTIONS = [
  {
    flags: "--shard <i/n|auto>",
    key: "shard",
    kind: "value",
    help: { run: SHARD, calibrate: SHARD_CALIBRATE, ab: SHARD },
  },
  {
    flags: "--shard-timings <report>",
    key: "shardTimings",
    kind: "value",
    help: { run: SHARD_TIMINGS, calibrate: SHARD_TIMINGS, ab: SHARD_TIMINGS },
  },
  {
    flags: "--profile",
    key: "profiles",
    kind: "flag",
    help: { merge: "The files are partial profiles from calibrate --shard: merge them into one profile (needs --out)" },
  },
  {
    flags: "--cpu-profile",
    key: "cpuProfile",
    kind: "switch",
    help: {
      run: 'CPU-profile every micro spec ("--no-cpu-profile": none); by default only those that fail',
      ab: 'CPU-profile every micro spec on both sides ("--no-cpu-profile": none); by default only those that regressed or improved',
    },
  },
  {
    flags: "--cpu-profile-dir <dir>",
    key: "cpuProfileDir",
    kind: "value",
    help: {
      run: 'Where .cpuprofile files go (default "fxperf-profiles" beside the reports)',
      ab: 'Where .cpuprofile files go (default "fxperf-profiles" beside the reports)',
      profile: 'Where the .cpuprofile file goes (default "fxperf-profiles")',
    },
  },
  {
    flags: "--history [target]",
    key: "history",
    kind: "optional",
    help: {
      run: `Record this run in the history: a SQLite file (default ".fxperf/history.sqlite") or a postgres:// URL; also FXPERF_HISTORY. Give a target as --history=<target>, or put --history after the paths`,
      ab: "Record this comparison in the history (as for run)",
      history:
        'The history to read: a SQLite file (default ".fxperf/history.sqlite", or FXPERF_HISTORY) or a postgres:// URL',
    },
  },
  {
    flags: "--baseline <history[:n]>",
    key: "baseline",
    kind: "value",
    help: {
      run: `Compare with the last n runs of branch main recorded in the history on this machine (default n ${HISTORY_BASELINE_RUNS}), instead of a profile: "history" or "history:20"`,
    },
  },
  {
    flags: "--history-required",
    key: "historyRequired",
    kind: "flag",
    help: {
      run: "A history that cannot be written fails the run (exit 3, checked before measuring); by default it is a warning",
      ab: "A history that cannot be written fails the comparison (exit 3); by default it is a warning",
    },
  },
  {
    flags: "--spec <id>",
    key: "spec",
    kind: "values",
    help: { history: "Only this spec (repeatable)" },
  },
  {
    flags: "--branch <name>",
    key: "branch",
    kind: "value",
    help: { history: "Runs of this branch (default: the current branch)" },
  },
  {
    flags: "--since <date>",
    key: "since",
    kind: "value",
    help: { history: 'Runs recorded on or after this date, e.g. "2026-11-01"' },
  },
  { flags: "--last <n>", key: "last", kind: "value", help: { history: "The last n runs of each spec (default 100)" } },
  {
    flags: "--machine <slug>",
    key: "machine",
    kind: "value",
    help: { history: 'Runs of this machine class (default: this machine\'s, as "fxperf fingerprint" prints it)' },
  },
  {
    flags: "--p-value <p>",
    key: "pValue",
    kind: "value",
    help: { history: "A change point's largest p-value (default 0.001)" },
  },
  {
    flags: "--min-change <percent>",
    key: "minChange",
    kind: "value",
    help: { history: 'A change point\'s smallest step, e.g. "2%" (default 2%)' },
  },
] as const;
