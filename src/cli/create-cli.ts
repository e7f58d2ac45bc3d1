/**
 * The cac set-up: commands, options and help text. Building it has no side
 * effects, so argument parsing is testable; `parseArgs` returns what to do.
 */
import { cac } from "cac";
import { FxperfError } from "../errors.ts";
import { VERSION } from "../version.ts";

/** Options of `fxperf run`, as given on the command line (values unchecked). */
export interface RunOptions {
  readonly paths: string[];
  readonly tags: string[];
  readonly skipTags: string[];
  readonly grep: string | undefined;
  readonly list: boolean;
  readonly allowUnfit: boolean;
  readonly heap: boolean;
  readonly timeout: string | undefined;
  readonly passWithNoSpecs: boolean;
  readonly profile: string | undefined;
  readonly tolerance: string | undefined;
  readonly requireBaseline: boolean;
  readonly skipLoad: boolean;
  readonly wrkOptional: boolean;
  readonly retries: string | undefined;
  readonly verbose: boolean;
  readonly forks: string | undefined;
  readonly maxTime: string | undefined;
  readonly strict: boolean;
  /** `--reporter` values: name, name=path, name=- or a module path. */
  readonly reporter: string[];
  /** `--perf-report json[=path]`, the original design's spelling of `--reporter json`. */
  readonly perfReport: string[];
}

/** Options of `fxperf calibrate`, as given on the command line (values unchecked). */
export interface CalibrateOptions {
  readonly paths: string[];
  readonly tags: string[];
  readonly skipTags: string[];
  readonly grep: string | undefined;
  readonly allowUnfit: boolean;
  readonly heap: boolean;
  readonly timeout: string | undefined;
  readonly tolerance: string | undefined;
  readonly repo: boolean;
  readonly out: string | undefined;
  readonly overwrite: boolean;
  readonly append: boolean;
  readonly dryRun: boolean;
  readonly skipLoad: boolean;
  readonly wrkOptional: boolean;
  readonly retries: string | undefined;
  readonly verbose: boolean;
  readonly forks: string | undefined;
  readonly maxTime: string | undefined;
  readonly strict: boolean;
}

/** Options of `fxperf ab`, as given on the command line (values unchecked). */
export interface AbOptions {
  readonly paths: string[];
  readonly tags: string[];
  readonly skipTags: string[];
  readonly grep: string | undefined;
  readonly allowUnfit: boolean;
  readonly timeout: string | undefined;
  readonly tolerance: string | undefined;
  readonly forks: string | undefined;
  readonly maxTime: string | undefined;
  readonly strict: boolean;
  readonly base: string | undefined;
  readonly baseDir: string | undefined;
  readonly install: boolean;
  readonly separate: boolean;
  /** False with `--no-pin`. */
  readonly pin: boolean;
  readonly skipLoad: boolean;
  readonly wrkOptional: boolean;
  readonly verbose: boolean;
  readonly reporter: string[];
}

/** Options of `fxperf compare`, as given on the command line (values unchecked). */
export interface CompareOptions {
  readonly base: string;
  readonly head: string;
  readonly tolerance: string | undefined;
  readonly markdown: boolean;
}

/** Options of `fxperf init`. */
export interface InitOptions {
  readonly dir: string;
  readonly force: boolean;
  readonly typesOnly: boolean;
}

/** What the command line asks for, as the strings given: `parseSettings()` checks the values. */
export type Invocation =
  | { command: "run"; options: RunOptions }
  | { command: "calibrate"; options: CalibrateOptions }
  | { command: "ab"; options: AbOptions }
  | { command: "fingerprint"; options: { json: boolean } }
  | { command: "doctor" }
  | { command: "init"; options: InitOptions }
  | { command: "compare"; options: CompareOptions }
  | { command: "help"; text: string }
  | { command: "version" };

const RUN_EXAMPLES = [
  "fxperf run                       # every *.perf.ts under spec/",
  "fxperf run bench/ src/parser.perf.ts",
  "fxperf run --tags json,hot --skip-tags slow",
  'fxperf run --grep "json > parse"   # or a regex: --grep "/^json > /i"',
  "fxperf run --list                # ids and tags, nothing measured",
  "fxperf run --strict --max-time 10s   # a CI gate: undecided fails (exit 4); up to 10 s of forks per spec",
];

const EXIT_CODES_HELP: Record<string, string> = {
  run: "  0 all passed · 1 a spec regressed or broke a limit · 2 usage or configuration error · 3 guard refused or wrk missing · 4 undecided under --strict · 5 a spec threw, timed out or its file did not load · 6 a report could not be written · 130 interrupted",
  calibrate:
    "  0 baselines written · 1 a spec failed a limit (not recorded) · 2 usage error or an existing profile · 3 guard refused, wrk missing or the profile locked · 5 a spec threw, timed out or its file did not load (not recorded) · 130 interrupted",
  ab: "  0 no spec regressed · 1 a spec regressed · 2 usage error, bad --base, or dependencies differ (see --install) · 3 guard refused, git, wrk or the install failed · 4 undecided under --strict · 5 a spec errored on a side or its file did not load · 6 a report could not be written · 130 interrupted",
  compare: "  0 no spec regressed · 1 a spec regressed beyond the tolerance · 2 a report cannot be read",
  init: "  0 starter written · 2 files already exist (see --force)",
  doctor: "  0 ready · 3 wrk missing or the guard would refuse",
  fingerprint: "  0 always",
  "": "  0 ok · 1 a spec regressed · 2 usage or configuration error · 3 guard refused or a tool missing · 4 undecided under --strict · 5 a spec crashed (threw, timed out, did not load) · 6 a report could not be written · 130 interrupted",
};

const FORKS_HELP =
  "Fresh processes (forks) per micro spec, n >= 1: run measures n, then adds forks while undecided (default 6); calibrate records n (default 10)";
const MAX_TIME_HELP = 'Time budget per micro spec in run, adaptive forks included, e.g. "3s" or "10s" (default 3s)';
const STRICT_HELP =
  'An undecided spec fails the run with exit 4 (also FXPERF_STRICT=1, or "strict": true in the profile)';

/** Builds the cac instance (no parsing, no output). */
export function createCli() {
  const cli = cac("fxperf");
  cli
    .command("run [...paths]", "Measure specs, check their limits, print a Performance Summary (default paths: spec/)")
    .option("--tags <tags>", "Only specs carrying any of these comma-separated tags (suite tags count)")
    .option("--skip-tags <tags>", "Leave out specs carrying any of these tags")
    .option("--grep <pattern>", "Only specs whose id contains this text, or matches /regex/flags")
    .option("--list", "Print spec ids and tags without measuring")
    .option("--heap", "Measure bytes allocated per iteration for every spec (always done for specs with a heap limit)")
    .option("--timeout <duration>", 'Stop a spec or hook that has not settled after this long (default "60s")')
    .option("--allow-unfit", "Measure even where the guard refuses (debugger, coverage, NODE_ENV=development)")
    .option("--pass-with-no-specs", "Exit 0 when no spec file is found or no spec is selected")
    .option("--profile <name|file>", "Compare with this profile instead of the one matching this machine")
    .option(
      "--tolerance <percent>",
      'Default slowdown allowed against a baseline, e.g. "15%" (default: the profile\'s, else 10%)',
    )
    .option(
      "--require-baseline",
      "Fail specs that have neither a baseline nor a limit (default: NO BASELINE, neither pass nor fail)",
    )
    .option("--skip-load", "Report load specs as SKIP instead of running wrk (also FXPERF_SKIP_LOAD=1)")
    .option("--wrk-optional", "When wrk is missing, report load specs as SKIP instead of exiting 3")
    .option(
      "--reporter <name[=path]>",
      'Also write a report: json, junit, markdown, html, or ./my-reporter.ts; "=-" for stdout (repeatable)',
    )
    .option("--perf-report <json[=path]>", "Same as --reporter json")
    .option(
      "--retries <n>",
      "Rerun a failing load spec up to n more times; the verdict comes from the median of all attempts",
    )
    .option("--verbose", "Stream wrk's own output while load specs run")
    .option("--forks <n>", FORKS_HELP)
    .option("--max-time <duration>", MAX_TIME_HELP)
    .option("--strict", STRICT_HELP)
    .example(() => RUN_EXAMPLES.map((line) => `  ${line}`).join("\n"));
  cli
    .command(
      "calibrate [...paths]",
      "Measure specs and record them as this machine's baselines in a profile (default paths: spec/)",
    )
    .option("--tags <tags>", "Only specs carrying any of these comma-separated tags")
    .option("--skip-tags <tags>", "Leave out specs carrying any of these tags")
    .option("--grep <pattern>", "Only specs whose id contains this text, or matches /regex/flags")
    .option("--repo", "Write to perf-profiles/ at the project root (to commit), not the user directory")
    .option("--out <dir>", "Write to this directory (also FXPERF_PROFILE_DIR)")
    .option("--overwrite", "Replace an existing profile for this machine")
    .option("--append", "Add or replace the specs measured now, keep the other baselines")
    .option("--dry-run", "Print what would be calibrated and where it would be written; measure nothing")
    .option("--tolerance <percent>", 'Default tolerance stored in a new profile (default "10%")')
    .option("--heap", "Also record bytes allocated per iteration")
    .option("--skip-load", "Do not run load specs (also FXPERF_SKIP_LOAD=1)")
    .option("--wrk-optional", "When wrk is missing, skip load specs instead of exiting 3")
    .option("--retries <n>", "Extra attempts for a failing load spec")
    .option("--verbose", "Stream wrk's own output")
    .option("--timeout <duration>", 'Stop a spec or hook that has not settled after this long (default "60s")')
    .option("--allow-unfit", "Measure even where the guard refuses")
    .option("--forks <n>", FORKS_HELP)
    .option("--max-time <duration>", MAX_TIME_HELP)
    .option("--strict", STRICT_HELP)
    .example(() =>
      [
        "  fxperf calibrate --dry-run            # what, and where to",
        "  fxperf calibrate --repo --overwrite   # record perf-profiles/<machine>.json to commit",
        "  fxperf calibrate --append --grep json # re-record some specs, keep the rest",
      ].join("\n"),
    );
  cli
    .command(
      "ab [...paths]",
      "Is this change slower? Measure the base revision and the working tree side by side, in alternating fresh processes, and judge each spec (default paths: spec/)",
    )
    .option(
      "--base <git-rev>",
      "The revision to compare with, checked out into a temporary git worktree (e.g. origin/main)",
    )
    .option("--base-dir <dir>", "A checkout of the base you prepared yourself, instead of --base")
    .option(
      "--install",
      "When the base revision's lockfile differs, install its dependencies (npm ci, bun/pnpm/yarn install)",
    )
    .option(
      "--tolerance <percent>",
      'Slowdown allowed before a spec counts as regressed, e.g. "5%" (default: the spec\'s .tolerance(), else 2%)',
    )
    .option(
      "--forks <n>",
      "Fresh processes per micro spec before the first decision, each measuring base and head side by side (default 4; pairs of processes with --separate, default 6; load specs: pairs of wrk runs, default 4); more are added while undecided",
    )
    .option(
      "--max-time <duration>",
      'Time budget per spec, both sides together, e.g. "10s" (default 6s for a micro spec, 25s for a load spec)',
    )
    .option(
      "--separate",
      "Measure base and head in separate processes instead of side by side in each (for spec files that cannot be loaded twice in one process)",
    )
    .option("--strict", "An undecided spec fails the comparison with exit 4 (also FXPERF_STRICT=1)")
    .option("--tags <tags>", "Only specs carrying any of these comma-separated tags")
    .option("--skip-tags <tags>", "Leave out specs carrying any of these tags")
    .option("--grep <pattern>", "Only specs whose id contains this text, or matches /regex/flags")
    .option(
      "--reporter <name[=path]>",
      'Also write a report: json (fxperf-ab.json) or markdown (fxperf-ab.md); "=-" for stdout (repeatable)',
    )
    .option("--timeout <duration>", 'Stop a process or wrk run that has not finished after this long (default "60s")')
    .option("--allow-unfit", "Measure even where the guard refuses")
    .option("--skip-load", "Report load specs as skipped instead of running wrk (also FXPERF_SKIP_LOAD=1)")
    .option("--wrk-optional", "When wrk is missing, skip load specs instead of exiting 3")
    .option("--verbose", "Stream wrk's own output while load specs run")
    .option(
      "--no-pin",
      "Let wrk and the servers of load specs share every CPU (by default wrk runs on one CPU and the servers on the others, with taskset)",
    )
    .example(() =>
      [
        "  fxperf ab --base origin/main                 # this pull request against main",
        "  fxperf ab spec/parser.perf.ts --base HEAD~1  # the last commit, one spec file",
        "  fxperf ab --base main --reporter markdown=comment.md --strict",
        "  fxperf ab --base-dir ../main-checkout        # a base you checked out and installed",
      ].join("\n"),
    );
  cli
    .command(
      "compare <base> <head>",
      "Compare two JSON reports (e.g. main and a pull request); exit 1 when a spec regressed beyond the tolerance",
    )
    .option("--tolerance <percent>", 'Change allowed before a spec counts as regressed (default "10%")')
    .option("--markdown", "Print Markdown for a pull-request comment")
    .example(() => "  fxperf compare main.json pr.json --markdown > comment.md");
  cli
    .command(
      "init [dir]",
      "Write a starter: a micro spec, a load spec with its own server, perf-profiles/, editor types and CI jobs",
    )
    .option("--force", "Overwrite files that already exist")
    .option("--types", "Only write (or refresh) types/fxperf.d.ts");
  cli.command("doctor", "Check this machine: runtime, fingerprint, measurement guard, and the wrk load tests need");
  cli
    .command("fingerprint", "Print this machine's hardware fingerprint and the profile name it maps to")
    .option("--json", "Print it as JSON");
  cli.example(() => "  fxperf run spec/\n  fxperf calibrate --repo --overwrite\n  fxperf run --help");
  cli.help((sections) => [
    ...sections,
    { title: "Exit codes", body: EXIT_CODES_HELP[cli.matchedCommandName ?? ""] ?? EXIT_CODES_HELP.run! },
  ]);
  cli.version(VERSION);
  return cli;
}

function list(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function strings(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== true).map(String);
}

function single(value: unknown, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value))
    throw new FxperfError("USAGE", `Option "--${flag}" was given ${value.length} times: give it once`);
  if (value === true || value === "") throw new FxperfError("USAGE", `Option "--${flag}" needs a value`);
  return String(value);
}

// cac registers boolean options under their camelCase name but its parser sees the
// kebab-case spelling, so "--allow-unfit spec/" would swallow "spec/" as the flag's
// value. Spelling our multi-word boolean flags in camelCase avoids that.
const MULTI_WORD_BOOLEAN_FLAGS: Record<string, string> = {
  "--allow-unfit": "--allowUnfit",
  "--pass-with-no-specs": "--passWithNoSpecs",
  "--require-baseline": "--requireBaseline",
  "--dry-run": "--dryRun",
  "--skip-load": "--skipLoad",
  "--wrk-optional": "--wrkOptional",
};

function camelCaseBooleanFlag(arg: string): string {
  return MULTI_WORD_BOOLEAN_FLAGS[arg] ?? arg;
}

/** Parses arguments (after the program name) into an {@link Invocation}. Usage errors throw FxperfError. */
export function parseArgs(args: readonly string[]): Invocation {
  const cli = createCli();
  // Parse without cac printing help or version itself: the caller decides where output goes.
  Object.assign(cli, { showHelpOnExit: false, showVersionOnExit: false });
  let parsed: ReturnType<typeof cli.parse>;
  try {
    parsed = cli.parse(["fxperf", "fxperf", ...args.map(camelCaseBooleanFlag)], { run: false });
  } catch (error) {
    throw new FxperfError("USAGE", `${(error as Error).message}`, { hint: 'run "fxperf --help" for usage' });
  }
  const { options } = parsed;
  const command = cli.matchedCommand;
  if (options.help) return { command: "help", text: captureHelp(cli) };
  if (options.version) return { command: "version" };
  if (!command && parsed.args.length > 0) {
    throw new FxperfError("USAGE", `Unknown command "${parsed.args[0]}"`, {
      hint: 'run "fxperf --help" to see the commands',
    });
  }
  checkUnknownOptions(cli, options);
  if (!command) return { command: "help", text: captureHelp(cli) };
  try {
    command.checkRequiredArgs();
  } catch (error) {
    throw new FxperfError("USAGE", `${(error as Error).message} for "fxperf ${command.name}"`, {
      hint: `run "fxperf ${command.name} --help" to see its options`,
    });
  }
  const paths = parsed.args.map(String);
  const common = {
    paths: paths.length > 0 ? paths : ["spec/"],
    tags: list(options.tags),
    skipTags: list(options.skipTags),
    grep: single(options.grep, "grep"),
    allowUnfit: options.allowUnfit === true,
    heap: options.heap === true,
    timeout: single(options.timeout, "timeout"),
    tolerance: single(options.tolerance, "tolerance"),
    skipLoad: options.skipLoad === true,
    wrkOptional: options.wrkOptional === true,
    retries: single(options.retries, "retries"),
    verbose: options.verbose === true,
    forks: single(options.forks, "forks"),
    maxTime: single(options.maxTime, "max-time"),
    strict: options.strict === true,
  };
  if (command.name === "doctor") return { command: "doctor" };
  if (command.name === "init")
    return {
      command: "init",
      options: {
        dir: parsed.args[0] === undefined ? "." : String(parsed.args[0]),
        force: options.force === true,
        typesOnly: options.types === true,
      },
    };
  if (command.name === "compare") {
    const [base, head] = parsed.args.map(String);
    return {
      command: "compare",
      options: {
        base: base!,
        head: head!,
        tolerance: single(options.tolerance, "tolerance"),
        markdown: options.markdown === true,
      },
    };
  }
  if (command.name === "fingerprint") return { command: "fingerprint", options: { json: options.json === true } };
  if (command.name === "ab") {
    return {
      command: "ab",
      options: {
        paths: common.paths,
        tags: common.tags,
        skipTags: common.skipTags,
        grep: common.grep,
        allowUnfit: common.allowUnfit,
        timeout: common.timeout,
        tolerance: common.tolerance,
        forks: common.forks,
        maxTime: common.maxTime,
        strict: common.strict,
        base: single(options.base, "base"),
        baseDir: single(options.baseDir, "base-dir"),
        install: options.install === true,
        separate: options.separate === true,
        pin: options.pin !== false,
        skipLoad: common.skipLoad,
        wrkOptional: common.wrkOptional,
        verbose: common.verbose,
        reporter: strings(options.reporter),
      },
    };
  }
  if (command.name === "calibrate") {
    return {
      command: "calibrate",
      options: {
        ...common,
        repo: options.repo === true,
        out: single(options.out, "out"),
        overwrite: options.overwrite === true,
        append: options.append === true,
        dryRun: options.dryRun === true,
      },
    };
  }
  return {
    command: "run",
    options: {
      ...common,
      list: options.list === true,
      passWithNoSpecs: options.passWithNoSpecs === true,
      profile: single(options.profile, "profile"),
      requireBaseline: options.requireBaseline === true,
      reporter: strings(options.reporter),
      perfReport: strings(options.perfReport),
    },
  };
}

/** The kebab-case long names (and short letters) a cac option is spelled with. */
function spellings(rawName: string): string[] {
  return [...rawName.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/g)].map((m) => m[1]!);
}

/**
 * Refuses options the matched command (or, without one, fxperf itself) does not
 * have, suggesting the nearest spelling. cac's own check cannot suggest, and does
 * not run at all when no command matched.
 */
function checkUnknownOptions(cli: ReturnType<typeof createCli>, options: Record<string, unknown>): void {
  const command = cli.matchedCommand;
  const known = [...cli.globalCommand.options, ...(command?.options ?? [])];
  for (const name of Object.keys(options)) {
    if (name === "--" || known.some((option) => option.names.includes(name))) continue;
    // cac hands options over camel-cased: "--skip-tagz" arrives as "skipTagz", and "--no-pin" as pin: false.
    const dashed = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const flag = name.length > 1 ? `--${options[name] === false ? "no-" : ""}${dashed}` : `-${name}`;
    const where = command ? `"fxperf ${command.name}"` : "fxperf";
    const nearest = suggestFlag(
      flag,
      known.flatMap((option) => spellings(option.rawName)),
    );
    const elsewhere = cli.commands
      .filter((c) => c !== command && c.options.some((option) => spellings(option.rawName).includes(flag)))
      .map((c) => `"fxperf ${c.name}"`);
    throw new FxperfError("USAGE", `Unknown option \`${flag}\` for ${where}`, {
      hint: nearest
        ? `did you mean ${nearest}? (run "${where === "fxperf" ? "fxperf" : `fxperf ${command!.name}`} --help" to see its options)`
        : elsewhere.length > 0
          ? `${flag} is an option of ${elsewhere.join(" and ")}`
          : `run "${command ? `fxperf ${command.name}` : "fxperf"} --help" to see ${command ? "its options" : "the commands and options"}`,
    });
  }
}

/** The known flag nearest to `flag` (edit distance 1, or 2 for longer names), if any. */
export function suggestFlag(flag: string, known: readonly string[]): string | undefined {
  const bare = flag.replace(/^-+/, "");
  let best: { flag: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(bare, candidate.replace(/^-+/, ""));
    if (distance <= (bare.length <= 4 ? 1 : 2) && (!best || distance < best.distance))
      best = { flag: candidate, distance };
  }
  return best?.flag;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** cac writes help with console.info; collect it as text instead. */
function captureHelp(cli: ReturnType<typeof createCli>): string {
  const lines: string[] = [];
  const original = console.info;
  console.info = (...parts: unknown[]) => void lines.push(parts.join(" "));
  try {
    cli.outputHelp();
  } finally {
    console.info = original;
  }
  return `${lines.join("\n")}\n`;
}
