/**
 * One invocation of the CLI: the settings step, then the command it names.
 * main.ts builds the runtime around it, prints what it throws, and exits;
 * tests call it with a fake runtime.
 */
import type { ExitCodeValue } from "../errors.ts";
import { ExitCode } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { VERSION } from "../version.ts";
import { abCommand } from "./ab-command.ts";
import { calibrateCommand } from "./calibrate-command.ts";
import { compareCommand } from "./compare-command.ts";
import { doctorCommand } from "./doctor-command.ts";
import { fingerprintCommand } from "./fingerprint-command.ts";
import { historyCommand } from "./history-command.ts";
import { initCommand } from "./init-command.ts";
import { mergeCommand } from "./merge-command.ts";
import { profileCommand } from "./profile-command.ts";
import { readSettings } from "./read-settings.ts";
import { runCommand } from "./run-command.ts";

/** Reads the settings (every flag and variable checked first), runs the command; usage errors throw FxperfError. */
export async function runCli(runtime: Runtime, signal: AbortSignal): Promise<ExitCodeValue> {
  const settings = await readSettings(runtime);
  switch (settings.command) {
    case "help":
      runtime.stdout.write(settings.text);
      return ExitCode.Ok;
    case "version":
      runtime.stdout.write(`fxperf ${VERSION} (${runtime.name} ${runtime.version})\n`);
      return ExitCode.Ok;
    case "run":
      return runCommand(runtime, settings, signal);
    case "calibrate":
      return calibrateCommand(runtime, settings, signal);
    case "ab":
      return abCommand(runtime, settings, signal);
    case "compare":
      return compareCommand(runtime, settings);
    case "merge":
      return mergeCommand(runtime, settings);
    case "profile":
      return profileCommand(runtime, settings, signal);
    case "history":
      return historyCommand(runtime, settings);
    case "init":
      return initCommand(runtime, settings);
    case "doctor":
      return doctorCommand(runtime, settings);
    case "fingerprint":
      return fingerprintCommand(runtime, settings);
  }
}
