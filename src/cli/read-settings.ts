/**
 * The settings step: the command line and the environment, parsed and checked
 * into one typed value before any spec is loaded or measured. The only reader of
 * `runtime.env` besides main.ts.
 */
import { locateProfiles } from "../profiles/load-profiles.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { parseArgs } from "./create-cli.ts";
import { displayFrom } from "./prepare.ts";
import { parseSettings } from "./parse-settings.ts";
import type { Settings } from "./settings.ts";

/**
 * Reads `runtime.args` and `runtime.env` into {@link Settings}; a bad flag or
 * variable, or a `--profile` / FXPERF_PROFILE that names no file, throws an
 * FxperfError (exit 2) before anything else happens.
 */
export async function readSettings(
  runtime: Pick<Runtime, "args" | "env" | "platform" | "homeDir" | "cwd" | "stdout" | "stderr" | "stat" | "readDir">,
): Promise<Settings> {
  const cwd = runtime.cwd();
  const parsed = parseSettings(parseArgs(runtime.args), runtime.env, {
    platform: runtime.platform,
    homeDir: runtime.homeDir(),
    cwd,
    stdoutIsTTY: runtime.stdout.isTTY,
    stderrIsTTY: runtime.stderr.isTTY,
  });
  if (parsed.command !== "run") return parsed;
  const located = await locateProfiles(runtime, {
    envProfile: parsed.profiles.env,
    profileFlag: parsed.profiles.flag,
    userDir: parsed.userProfileDir,
    specPath: parsed.paths[0] ?? ".",
    cwd,
    display: displayFrom(runtime),
  });
  return { ...parsed, profiles: { ...located, flag: parsed.profiles.flag } };
}
