/**
 * The option table: every command-line option, declared once (its spelling, the field it fills,
 * how its value is read, its help text per command, defaults read from the constants the code
 * uses). options.ts derives the option types from it, declares it on cac, and reads values by it.
 */
import { OUTPUT_OPTIONS } from "./options-output.ts";
import { DEFAULT_TOLERANCE } from "../profiles/resolve-limits.ts";
import { AB_LOAD_MAX_TIME_NS, AB_LOAD_PAIRS } from "../run/run-ab-load-spec.ts";
import { AB_DEFAULT_MAX_TIME_NS, AB_PAIRED_FORKS } from "../run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS } from "../run/run-forks.ts";
import { DEFAULT_TIMEOUT_NS } from "../run/run-specs.ts";
import { AB_DEFAULT_TOLERANCE } from "../verdict/ab-verdict.ts";

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
      calibrate: `Time budget per micro spec, e.g. "10s": given, it caps the forks recorded, though a verdict's minimum always runs (default: every fork runs)`,
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
      calibrate:
        "No effect: calibrate records baselines and judges nothing undecided (accepted so that run and calibrate take the same flags)",
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
  ...OUTPUT_OPTIONS,
  {
    flags: "--markdown",
    key: "markdown",
    kind: "flag",
    help: { compare: "Print Markdown for a pull-request comment" },
  },
  { flags: "--force", key: "force", kind: "flag", help: { init: "Overwrite files that already exist" } },
  {
    flags: "--ci <github|gitlab>",
    key: "ci",
    kind: "value",
    help: { init: 'The CI job to write: a GitHub Actions workflow (default "github") or a GitLab CI job ("gitlab")' },
  },
  { flags: "--types", key: "typesOnly", kind: "flag", help: { init: "Only write (or refresh) types/fxperf.d.ts" } },
  { flags: "--json", key: "json", kind: "flag", help: { fingerprint: "Print it as JSON" } },
] as const satisfies readonly OptionDeclaration[];

/** The table, as declarations (for loops over every option, whatever its literal type). */
export const OPTION_LIST: readonly OptionDeclaration[] = OPTIONS;
