/**
 * The option types each command gets, derived from the one option table (option-table.ts, with
 * options-output.ts), and their declaration on cac. Defaults in the help come from the constants
 * the code uses, so `--help` cannot disagree with what a command does. `createCli()` declares
 * the options; `parseArgs()` reads the values.
 */
import type { Command } from "cac";
import { OPTION_LIST, type OptionCommand, type OPTIONS, type OptionKind } from "./option-table.ts";

export type { OptionCommand, OptionDeclaration, OptionKind } from "./option-table.ts";
export { OPTION_LIST, OPTIONS } from "./option-table.ts";

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
