/**
 * Reading the argument list around cac: every value option's value as typed (cac's parser turns
 * "0x10" into 16 and reads "-1s" as flags), and options a command does not have, refused with the
 * nearest spelling. Pure.
 */
import type { CAC } from "cac";
import { FxperfError } from "../errors.ts";
import { OPTION_LIST } from "./options.ts";
import { suggestFlag } from "./suggest.ts";

/** The kinds whose values are read as typed (see keepRawValues). */
export const RAW_KINDS: ReadonlySet<string> = new Set(["value", "values", "list"]);

/**
 * The arguments with every value option's value joined to its flag ("--max-time=-1s"), and each
 * value as typed, by flag: cac's parser turns "0x10" into 16 and reads "-1s" as flags.
 */
export function keepRawValues(args: readonly string[]): { argv: string[]; raw: Map<string, string[]> } {
  const valued = new Set(OPTION_LIST.filter((o) => RAW_KINDS.has(o.kind)).map((o) => o.flags.split(" ")[0]!));
  const raw = new Map<string, string[]>();
  const argv: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      argv.push(...args.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!valued.has(flag)) {
      argv.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[i + 1];
    if (value === undefined) {
      argv.push(arg);
      continue;
    }
    if (eq < 0) i++;
    raw.set(flag, [...(raw.get(flag) ?? []), value]);
    argv.push(`${flag}=${value}`);
  }
  return { argv, raw };
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
export function checkUnknownOptions(cli: CAC, options: Record<string, unknown>): void {
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
    // "--no-heap" where only "--heap" exists elsewhere: point at the command that has either spelling.
    const spelledAs = [flag, flag.replace(/^--no-/, "--")];
    const elsewhere = cli.commands
      .filter(
        (c) =>
          c !== command && c.options.some((option) => spellings(option.rawName).some((s) => spelledAs.includes(s))),
      )
      .map((c) => `"fxperf ${c.name}"`);
    throw new FxperfError("USAGE", `Unknown option \`${flag}\` for ${where}`, {
      hint: nearest
        ? `did you mean ${nearest}? (run "${where === "fxperf" ? "fxperf" : `fxperf ${command!.name}`} --help" to see its options)`
        : elsewhere.length > 0
          ? `${cli.commands.some((c) => c.options.some((o) => spellings(o.rawName).includes(flag))) ? flag : spelledAs[1]} is an option of ${elsewhere.join(" and ")}`
          : `run "${command ? `fxperf ${command.name}` : "fxperf"} --help" to see ${command ? "its options" : "the commands and options"}`,
    });
  }
}
