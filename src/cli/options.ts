/**
 * Every command-line option, declared once: its spelling and, per command that has it, its help
 * text. Defaults in the help come from the constants the code uses, so `--help` cannot disagree
 * with what a command does. `createCli()` declares these on cac; `parseArgs()` reads the values.
 */
import type { Command } from "cac";
import { HISTORY_BASELINE_RUNS } from "../history/history-baseline.ts";
import { DEFAULT_TOLERANCE } from "../profiles/resolve-limits.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS } from "../run/run-ab-load-spec.ts";
import { AB_DEFAULT_MAX_TIME_NS, AB_PAIRED_FORKS } from "../run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS } from "../run/run-forks.ts";
import { DEFAULT_TIMEOUT_NS } from "../run/run-specs.ts";
import { AB_DEFAULT_TOLERANCE } from "../verdict/ab-verdict.ts";

/** Options of `fxperf run`: the table's, and the paths given. */
export type RunOptions = OptionsOf<"run"> & { readonly paths: string[] };
/** Options of `fxperf calibrate`. */
export type CalibrateOptions = OptionsOf<"calibrate"> & { readonly paths: string[] };
/** Options of `fxperf ab`. */
export type AbOptions = OptionsOf<"ab"> & { readonly paths: string[] };
/** Options of `fxperf compare`: the two reports and the table's options. */
export type CompareOptions = OptionsOf<"compare"> & { readonly base: string; readonly head: string };
/** Options of `fxperf merge`: the files to merge and the table's options. */
export type MergeOptions = OptionsOf<"merge"> & { readonly files: string[] };
/** Options of `fxperf profile`: the spec's id, the paths to look in, and the table's options. */
export type ProfileOptions = OptionsOf<"profile"> & { readonly specId: string; readonly paths: string[] };
/** Options of `fxperf history`. */
export type HistoryOptions = OptionsOf<"history">;
/** Options of `fxperf init`. */
export type InitOptions = OptionsOf<"init"> & { readonly dir: string };

/** What the command line asks for, as the strings given: `parseSettings()` checks the values. */
export type Invocation =
  | { command: "run"; options: RunOptions }
  | { command: "calibrate"; options: CalibrateOptions }
  | { command: "ab"; options: AbOptions }
  | { command: "fingerprint"; options: OptionsOf<"fingerprint"> }
  | { command: "doctor" }
  | { command: "init"; options: InitOptions }
  | { command: "compare"; options: CompareOptions }
  | { command: "merge"; options: MergeOptions }
  | { command: "profile"; options: ProfileOptions }
  | { command: "history"; options: HistoryOptions }
  | { command: "help"; text: string }
  | { command: "version" };

/** The commands that take options. */
export type OptionCommand =
  | "run"
  | "calibrate"
  | "ab"
  | "compare"
  | "merge"
  | "profile"
  | "history"
  | "init"
  | "fingerprint";

/**
 * How an option's value is read: a flag (true when given), a negated flag ("--no-x": false when
 * given), a switch ("--x" true, "--no-x" false, neither undefined), an optional value ("--x" true,
 * "--x v" or "--x=v" the value), one value (given once at most),
 * every value given (repeatable), or comma-separated values (repeatable).
 */
export type OptionKind = "flag" | "negated" | "switch" | "optional" | "value" | "values" | "list";

/**
 * One option: its cac spelling ("--tags <tags>"), the field it fills in the command's options, how
 * its value is read, and its help text in each command that has it.
 */
export interface OptionDeclaration {
  readonly flags: string;
  readonly key: string;
  readonly kind: OptionKind;
  readonly help: Partial<Record<OptionCommand, string>>;
}

/** The type an option of `kind` is read into. */
type ValueOf<K extends OptionKind> = K extends "flag" | "negated"
  ? boolean
  : K extends "switch"
    ? boolean | undefined
    : K extends "optional"
      ? string | true | undefined
      : K extends "value"
        ? string | undefined
        : string[];

/** The options `command` takes, as given (values unchecked): derived from {@link OPTIONS}, so they cannot drift. */
export type OptionsOf<C extends OptionCommand> = {
  readonly [D in (typeof OPTIONS)[number] as D["help"] extends { readonly [P in C]: string }
    ? D["key"]
    : never]: ValueOf<D["kind"]>;
};

const seconds = (ns: number) => `${ns / 1e9}s`;
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;

const TAGS = "Only specs carrying any of these comma-separated tags";
const SKIP_TAGS = "Leave out specs carrying any of these tags";
const GREP = "Only specs whose id contains this text, or matches /regex/flags";
const TIMEOUT = `Stop a spec or hook that has not settled after this long (default "${seconds(DEFAULT_TIMEOUT_NS)}")`;
const FORKS = `Fresh processes (forks) per micro spec, n >= 1: run measures n, then adds forks while undecided (default ${FORK_DEFAULTS.forks}); calibrate records n (default ${FORK_DEFAULTS.calibrateForks})`;
const MAX_TIME = `Time budget per micro spec in run, adaptive forks included, e.g. "3s" or "10s" (default ${seconds(FORK_DEFAULTS.maxTimeNs)})`;
const STRICT = 'An undecided spec fails the run with exit 4 (also FXPERF_STRICT=1, or "strict": true in the profile)';
const WRK_OPTIONAL = "When wrk is missing, skip load specs instead of exiting 3";
const SHARD_AUTO =
  "\"auto\" reads GitLab's CI_NODE_INDEX/CI_NODE_TOTAL, Buildkite's or CircleCI's parallel-job variables";
const SHARD = `Run only the i-th of n shards of the selected specs (e.g. "2/4"), and write a shard file for "fxperf merge"; ${SHARD_AUTO}`;
const SHARD_CALIBRATE = `Calibrate only the i-th of n shards of the selected specs (e.g. "2/4") into a partial profile for "fxperf merge --profile"; ${SHARD_AUTO}`;
const SHARD_TIMINGS =
  "Balance the shards by each spec's time in this earlier JSON report (or shard file) instead of by count";

/** Every option, in the order `--help` lists them. */
export const OPTIONS = [
  {
    flags: "--base <git-rev>",
    key: "base",
    kind: "value",
    help: { ab: "The revision to compare with, checked out into a temporary git worktree (e.g. origin/main)" },
  },
  {
    flags: "--base-dir <dir>",
    key: "baseDir",
    kind: "value",
    help: { ab: "A checkout of the base you prepared yourself, instead of --base" },
  },
  {
    flags: "--install",
    key: "install",
    kind: "flag",
    help: {
      ab: "When the base revision's lockfile differs, install its dependencies (npm ci, bun/pnpm/yarn install)",
    },
  },
  {
    flags: "--tags <tags>",
    key: "tags",
    kind: "list",
    help: { run: `${TAGS} (suite tags count)`, calibrate: TAGS, ab: TAGS },
  },
  {
    flags: "--skip-tags <tags>",
    key: "skipTags",
    kind: "list",
    help: { run: SKIP_TAGS, calibrate: SKIP_TAGS, ab: SKIP_TAGS },
  },
  { flags: "--grep <pattern>", key: "grep", kind: "value", help: { run: GREP, calibrate: GREP, ab: GREP } },
  { flags: "--list", key: "list", kind: "flag", help: { run: "Print spec ids and tags without measuring" } },
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
    flags: "--repo",
    key: "repo",
    kind: "flag",
    help: { calibrate: "Write to perf-profiles/ at the project root (to commit), not the user directory" },
  },
  {
    flags: "--out <dir>",
    key: "out",
    kind: "value",
    help: {
      calibrate: "Write to this directory (also FXPERF_PROFILE_DIR)",
      merge: "With --profile: the directory the merged profile is written to",
    },
  },
  {
    flags: "--overwrite",
    key: "overwrite",
    kind: "flag",
    help: {
      calibrate: "Replace an existing profile for this machine",
      merge:
        "With --profile: a spec calibrated in two shards takes the later file's baseline, and an existing merged profile is replaced",
    },
  },
  {
    flags: "--append",
    key: "append",
    kind: "flag",
    help: { calibrate: "Add or replace the specs measured now, keep the other baselines" },
  },
  {
    flags: "--dry-run",
    key: "dryRun",
    kind: "flag",
    help: { calibrate: "Print what would be calibrated and where it would be written; measure nothing" },
  },
  {
    flags: "--heap",
    key: "heap",
    kind: "flag",
    help: {
      run: "Measure bytes allocated per iteration for every spec (always done for specs with a heap limit)",
      calibrate: "Also record bytes allocated per iteration",
    },
  },
  {
    flags: "--profile <name|file>",
    key: "profile",
    kind: "value",
    help: { run: "Compare with this profile instead of the one matching this machine" },
  },
  {
    flags: "--tolerance <percent>",
    key: "tolerance",
    kind: "value",
    help: {
      run: `Slowdown allowed against a baseline, e.g. "15%"; a spec's own .tolerance() wins (default: the profile's, else ${percent(DEFAULT_TOLERANCE)})`,
      calibrate: `Default tolerance stored in a new profile (default "${percent(DEFAULT_TOLERANCE)}")`,
      ab: `Slowdown allowed before a spec counts as regressed, e.g. "5%"; a spec's own .tolerance() wins (default ${percent(AB_DEFAULT_TOLERANCE)})`,
      compare: `Change allowed before a spec counts as regressed (default "${percent(DEFAULT_TOLERANCE)}")`,
    },
  },
  {
    flags: "--require-baseline",
    key: "requireBaseline",
    kind: "flag",
    help: { run: "Fail specs that have neither a baseline nor a limit (default: NO BASELINE, neither pass nor fail)" },
  },
  {
    flags: "--forks <n>",
    key: "forks",
    kind: "value",
    help: {
      run: FORKS,
      calibrate: FORKS,
      ab: `Fresh processes per micro spec before the first decision, each measuring base and head side by side (default ${AB_PAIRED_FORKS}; pairs of processes with --separate, default ${FORK_DEFAULTS.forks}; load specs: pairs of wrk runs, default ${AB_LOAD_PAIRS}); more are added while undecided`,
    },
  },
  {
    flags: "--max-time <duration>",
    key: "maxTime",
    kind: "value",
    help: {
      run: MAX_TIME,
      calibrate: MAX_TIME,
      ab: `Time budget per spec, both sides together, e.g. "10s" (default ${seconds(AB_DEFAULT_MAX_TIME_NS)} for a micro spec, ${seconds(AB_LOAD_MAX_TIME_NS)} for a load spec)`,
    },
  },
  {
    flags: "--separate",
    key: "separate",
    kind: "flag",
    help: {
      ab: "Measure base and head in separate processes instead of side by side in each (for spec files that cannot be loaded twice in one process)",
    },
  },
  {
    flags: "--strict",
    key: "strict",
    kind: "flag",
    help: {
      run: STRICT,
      calibrate: STRICT,
      ab: "An undecided spec fails the comparison with exit 4 (also FXPERF_STRICT=1)",
    },
  },
  {
    flags: "--reporter <name[=path]>",
    key: "reporter",
    kind: "values",
    help: {
      run: 'Also write a report: json, junit, markdown, html, shard (for "fxperf merge"), or ./my-reporter.ts; "=-" for stdout (repeatable)',
      ab: 'Also write a report: json (fxperf-ab.json), junit (fxperf-ab-junit.xml), markdown (fxperf-ab.md), html (fxperf-ab.html) or shard; "=-" for stdout (repeatable)',
      history:
        'Also write the history as json (fxperf-history.json), markdown (fxperf-history.md) or html (fxperf-history.html); "=-" for stdout (repeatable)',
      merge:
        'Write the merged result as json, junit, markdown, html or shard (default files as the merged command writes them: fxperf-report.json or fxperf-ab.json, ...); "=-" for stdout (repeatable)',
    },
  },
  { flags: "--perf-report <json[=path]>", key: "perfReport", kind: "values", help: { run: "Same as --reporter json" } },
  {
    flags: "--timeout <duration>",
    key: "timeout",
    kind: "value",
    help: {
      run: TIMEOUT,
      calibrate: TIMEOUT,
      ab: `Stop a process or wrk run that has not finished after this long (default "${seconds(DEFAULT_TIMEOUT_NS)}")`,
      profile: TIMEOUT,
    },
  },
  {
    flags: "--allow-unfit",
    key: "allowUnfit",
    kind: "flag",
    help: {
      run: "Measure even where the guard refuses (debugger, coverage, NODE_ENV=development)",
      calibrate: "Measure even where the guard refuses",
      ab: "Measure even where the guard refuses",
      profile: "Profile even where the guard refuses",
    },
  },
  {
    flags: "--pass-with-no-specs",
    key: "passWithNoSpecs",
    kind: "flag",
    help: { run: "Exit 0 when no spec file is found or no spec is selected" },
  },
  {
    flags: "--skip-load",
    key: "skipLoad",
    kind: "flag",
    help: {
      run: "Report load specs as SKIP instead of running wrk (also FXPERF_SKIP_LOAD=1)",
      calibrate: "Do not run load specs (also FXPERF_SKIP_LOAD=1)",
      ab: "Report load specs as skipped instead of running wrk (also FXPERF_SKIP_LOAD=1)",
    },
  },
  {
    flags: "--wrk-optional",
    key: "wrkOptional",
    kind: "flag",
    help: {
      run: "When wrk is missing, report load specs as SKIP instead of exiting 3",
      calibrate: WRK_OPTIONAL,
      ab: WRK_OPTIONAL,
    },
  },
  {
    flags: "--retries <n>",
    key: "retries",
    kind: "value",
    help: {
      run: "Rerun a failing load spec up to n more times; the verdict comes from the median of all attempts",
      calibrate: "Extra attempts for a failing load spec",
    },
  },
  {
    flags: "--verbose",
    key: "verbose",
    kind: "flag",
    help: {
      run: "Stream wrk's own output while load specs run",
      calibrate: "Stream wrk's own output",
      ab: "Stream wrk's own output while load specs run",
    },
  },
  {
    flags: "--no-pin",
    key: "pin",
    kind: "negated",
    help: {
      ab: "Let wrk and the servers of load specs share every CPU (by default wrk runs on one CPU and the servers on the others, with taskset)",
    },
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
  {
    flags: "--markdown",
    key: "markdown",
    kind: "flag",
    help: { compare: "Print Markdown for a pull-request comment" },
  },
  { flags: "--force", key: "force", kind: "flag", help: { init: "Overwrite files that already exist" } },
  { flags: "--types", key: "typesOnly", kind: "flag", help: { init: "Only write (or refresh) types/fxperf.d.ts" } },
  { flags: "--json", key: "json", kind: "flag", help: { fingerprint: "Print it as JSON" } },
] as const satisfies readonly OptionDeclaration[];

/** The table, as declarations (for loops over every option, whatever its literal type). */
export const OPTION_LIST: readonly OptionDeclaration[] = OPTIONS;

/** Declares on a cac command every option `command` has, with its help text. */
export function declareOptions(cacCommand: Command, command: OptionCommand): Command {
  for (const option of OPTION_LIST) {
    const help = option.help[command];
    if (help === undefined) continue;
    cacCommand.option(option.flags, help);
    // A switch is also spelled "--no-x" (cac files both under one name: true, false or absent).
    if (option.kind === "switch") cacCommand.option(`--no-${option.flags.slice(2)}`, `Turn ${option.flags} off`);
  }
  // cac gives a "--no-x" option a default of true and prints "(default: true)", which reads as if
  // the negation were on; left undefined, an absent flag reads as "not negated" all the same.
  for (const declared of cacCommand.options) if (declared.negated) declared.config.default = undefined;
  return cacCommand;
}
