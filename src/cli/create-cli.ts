/**
 * The cac set-up: commands, options and help text. Building it has no side
 * effects, so argument parsing is testable; `parseArgs` returns what to do.
 */
import { type Command, cac } from "cac";
import { FxperfError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { declareOptions, type Invocation, OPTION_LIST, type OptionCommand, type OptionsOf } from "./options.ts";
import { checkUnknownOptions, keepRawValues, RAW_KINDS } from "./read-args.ts";
import { suggestFlag } from "./suggest.ts";

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
  profile:
    "  0 profiled · 2 no spec has that id (near matches are listed), or a usage error · 5 the spec threw or its file did not load · 6 the profile could not be written",
  merge:
    "  the code the unsharded run would have exited with (0 ok · 1 a spec regressed · 4 undecided under --strict · 5 a spec errored, or a shard did not report · 6 a report could not be written · 130 a shard was interrupted) · 2 a file cannot be read or the files do not belong together",
  init: "  0 starter written · 2 files already exist (see --force)",
  doctor: "  0 ready · 3 wrk missing or the guard would refuse",
  fingerprint: "  0 always",
  "": "  0 ok · 1 a spec regressed · 2 usage or configuration error · 3 guard refused or a tool missing · 4 undecided under --strict · 5 a spec crashed (threw, timed out, did not load) · 6 a report could not be written · 130 interrupted",
};

/** Builds the cac instance (no parsing, no output). Options come from the one table in options.ts. */
export function createCli() {
  const cli = cac("fxperf");
  declareOptions(
    cli.command(
      "run [...paths]",
      "Measure specs, check their limits, print a Performance Summary (default paths: spec/)",
    ),
    "run",
  ).example(() => RUN_EXAMPLES.map((line) => `  ${line}`).join("\n"));
  declareOptions(
    cli.command(
      "calibrate [...paths]",
      "Measure specs and record them as this machine's baselines in a profile (default paths: spec/)",
    ),
    "calibrate",
  ).example(() =>
    [
      "  fxperf calibrate --dry-run            # what, and where to",
      "  fxperf calibrate --repo --overwrite   # record perf-profiles/<machine>.json to commit",
      "  fxperf calibrate --append --grep json # re-record some specs, keep the rest",
    ].join("\n"),
  );
  declareOptions(
    cli.command(
      "ab [...paths]",
      "Is this change slower? Measure the base revision and the working tree side by side, in alternating fresh processes, and judge each spec (default paths: spec/)",
    ),
    "ab",
  ).example(() =>
    [
      "  fxperf ab --base origin/main                 # this pull request against main",
      "  fxperf ab spec/parser.perf.ts --base HEAD~1  # the last commit, one spec file",
      "  fxperf ab --base main --reporter markdown=comment.md --strict",
      "  fxperf ab --base-dir ../main-checkout        # a base you checked out and installed",
    ].join("\n"),
  );
  declareOptions(
    cli.command(
      "compare <base> <head>",
      "Compare two JSON reports (e.g. main and a pull request); exit 1 when a spec regressed beyond the tolerance",
    ),
    "compare",
  ).example(() => "  fxperf compare main.json pr.json --markdown > comment.md");
  declareOptions(
    cli.command(
      "merge [...files]",
      "Merge the shard files of a sharded run or ab into one result and write every report; with --profile, merge partial profiles into one",
    ),
    "merge",
  ).example(() =>
    [
      "  fxperf merge fxperf-shard-*.json --reporter json --reporter markdown=comment.md",
      "  fxperf merge fxperf-ab-shard-*.json --reporter markdown=comment.md",
      "  fxperf merge --profile shard-*/ci-*.json --out perf-profiles --overwrite",
    ].join("\n"),
  );
  declareOptions(
    cli.command(
      "profile <spec-id> [...paths]",
      'CPU-profile one spec (its id as "fxperf run --list" shows it) and print the functions that take its time (default paths: spec/)',
    ),
    "profile",
  ).example(() => '  fxperf profile "json > parse"            # writes fxperf-profiles/json-parse-....head.cpuprofile');
  declareOptions(
    cli.command(
      "history",
      "Each spec's series over its recorded runs (--history), with a sparkline and the change points found: the commits where it got slower or faster",
    ),
    "history",
  ).example(() =>
    [
      "  fxperf history                                   # this branch, this machine, .fxperf/history.sqlite",
      '  fxperf history --spec "json > parse" --last 50 --reporter html',
      "  fxperf history --history=postgres://perf@db/perf --branch main --since 2026-11-01",
    ].join("\n"),
  );
  declareOptions(
    cli.command(
      "init [dir]",
      "Write a starter: a micro spec, a load spec with its own server, perf-profiles/, editor types and CI jobs",
    ),
    "init",
  );
  cli.command("doctor", "Check this machine: runtime, fingerprint, measurement guard, and the wrk load tests need");
  declareOptions(
    cli.command("fingerprint", "Print this machine's hardware fingerprint and the profile name it maps to"),
    "fingerprint",
  );
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

/**
 * cac registers boolean options under their camelCase name but its parser sees the kebab-case
 * spelling, so "--allow-unfit spec/" would swallow "spec/" as the flag's value. Spelling the
 * multi-word boolean flags in camelCase avoids that: "--allow-unfit" → "--allowUnfit", by cac's own
 * names for the options declared.
 */
function camelCasedBooleanFlags(cli: ReturnType<typeof createCli>): ReadonlyMap<string, string> {
  const booleans = cli.commands
    .flatMap((command) => command.options)
    .filter((o) => o.isBoolean && !o.negated && o.rawName !== `--${o.name}`);
  return new Map(booleans.map((o) => [o.rawName, `--${o.name}`]));
}

/** Parses arguments (after the program name) into an {@link Invocation}. Usage errors throw FxperfError. */
export function parseArgs(args: readonly string[]): Invocation {
  const cli = createCli();
  // Parse without cac printing help or version itself: the caller decides where output goes.
  Object.assign(cli, { showHelpOnExit: false, showVersionOnExit: false });
  let parsed: ReturnType<typeof cli.parse>;
  let rawValues: ReadonlyMap<string, string[]> = new Map();
  try {
    const camelCased = camelCasedBooleanFlags(cli);
    const { argv, raw } = keepRawValues(args);
    rawValues = raw;
    parsed = cli.parse(["fxperf", "fxperf", ...argv.map((arg) => camelCased.get(arg) ?? arg)], { run: false });
  } catch (error) {
    throw new FxperfError("USAGE", `${(error as Error).message}`, { hint: 'run "fxperf --help" for usage' });
  }
  const { options } = parsed;
  const command = cli.matchedCommand;
  if (options.help) return { command: "help", text: captureHelp(cli) };
  if (options.version) return { command: "version" };
  if (!command && parsed.args.length > 0) {
    const typed = String(parsed.args[0]);
    const nearest = suggestFlag(
      typed,
      cli.commands.map((c) => c.name).filter((name) => name !== ""),
    );
    throw new FxperfError("USAGE", `Unknown command "${typed}"`, {
      hint: nearest
        ? `did you mean "fxperf ${nearest}"? (run "fxperf --help" to see the commands)`
        : 'run "fxperf --help" to see the commands',
    });
  }
  checkUnknownOptions(cli, options);
  if (!command) return { command: "help", text: captureHelp(cli) };
  try {
    command.checkRequiredArgs();
  } catch (error) {
    const needs = REQUIRED_ARGS[command.name];
    throw new FxperfError("USAGE", needs ?? `${(error as Error).message} for "fxperf ${command.name}"`, {
      hint: `run "fxperf ${command.name} --help" to see its options`,
    });
  }
  const paths = parsed.args.map(String);
  const specPaths = paths.length > 0 ? paths : ["spec/"];
  switch (command.name) {
    case "doctor":
      return { command: "doctor" };
    case "init":
      return {
        command: "init",
        options: { ...readOptions("init", command, options, rawValues), dir: paths[0] ?? "." },
      };
    case "compare":
      return {
        command: "compare",
        options: { ...readOptions("compare", command, options, rawValues), base: paths[0]!, head: paths[1]! },
      };
    case "fingerprint":
      return { command: "fingerprint", options: readOptions("fingerprint", command, options, rawValues) };
    case "merge":
      return { command: "merge", options: { ...readOptions("merge", command, options, rawValues), files: paths } };
    case "history":
      return { command: "history", options: readOptions("history", command, options, rawValues) };
    case "profile": {
      const [specId, ...rest] = paths;
      const options_ = readOptions("profile", command, options, rawValues);
      return {
        command: "profile",
        options: { ...options_, specId: specId!, paths: rest.length > 0 ? rest : ["spec/"] },
      };
    }
    case "ab":
      return { command: "ab", options: { ...readOptions("ab", command, options, rawValues), paths: specPaths } };
    case "calibrate":
      return {
        command: "calibrate",
        options: { ...readOptions("calibrate", command, options, rawValues), paths: specPaths },
      };
    default:
      return { command: "run", options: { ...readOptions("run", command, options, rawValues), paths: specPaths } };
  }
}

/**
 * Reads the options `command` has, by the table: each by its kind (options.ts), from where cac
 * filed its value ("--max-time <d>" under maxTime, "--no-pin" under pin: cac's own names).
 */
function readOptions<C extends OptionCommand>(
  command: C,
  declared: Command,
  options: Record<string, unknown>,
  rawValues: ReadonlyMap<string, string[]>,
): OptionsOf<C> {
  const cacNames = new Map(declared.options.map((o) => [o.rawName, o.name]));
  const read: Record<string, unknown> = {};
  for (const option of OPTION_LIST) {
    if (option.help[command] === undefined) continue;
    const flag = option.flags.split(" ")[0]!.slice(2);
    // Values as typed: cac would read "0x10" as 16 and "-1s" as flags.
    const typed = rawValues.get(`--${flag}`);
    const raw =
      typed !== undefined && RAW_KINDS.has(option.kind)
        ? typed.length === 1
          ? typed[0]
          : typed
        : options[cacNames.get(option.flags)!];
    read[option.key] =
      option.kind === "flag"
        ? raw === true
        : option.kind === "switch"
          ? typeof raw === "boolean"
            ? raw
            : undefined
          : option.kind === "optional"
            ? raw === true || raw === ""
              ? true
              : single(raw, flag)
            : option.kind === "negated"
              ? raw !== false
              : option.kind === "value"
                ? single(raw, flag)
                : option.kind === "list"
                  ? list(raw)
                  : strings(raw);
  }
  return read as OptionsOf<C>;
}

/** What a command says when its arguments are missing (instead of cac's "missing required args"). */
const REQUIRED_ARGS: Record<string, string> = {
  compare:
    "\"fxperf compare\" needs two JSON reports: the base's and the head's, e.g. fxperf compare main.json pr.json",
  profile: '"fxperf profile" needs the id of the spec to profile, e.g. fxperf profile "json > parse"',
};

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
