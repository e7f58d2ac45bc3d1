/**
 * Entry point: builds the runtime, runs the CLI, prints errors. The only place
 * that exits the process.
 */
import { NOISE_PROBE_COMMAND } from "./cli/calibrate-command.ts";
import { forkCommand } from "./cli/fork-command.ts";
import { loadHostCommand } from "./cli/load-host-command.ts";
import { probeCommand } from "./cli/probe-command.ts";
import { runCli } from "./cli/run-cli.ts";
import { parseColorSettings } from "./cli/settings.ts";
import { ExitCode, FxperfError, isSystemError } from "./errors.ts";
import * as api from "./index.ts";
import { measureReference } from "./micro/noise.ts";
import { FORK_COMMAND } from "./run/fork-protocol.ts";
import { LOAD_HOST_COMMAND } from "./run/load-host.ts";
import { PROBE_COMMAND } from "./spec/probe-spec-files.ts";
import { createColors } from "./report/colors.ts";
import type { Runtime } from "./runtime/runtime.ts";

// Each runtime module touches its own globals at import time (bun:jsc, Deno.*): load only the one we run on.
const runtime: Runtime =
  "Deno" in globalThis
    ? (await import("./runtime/deno-runtime.ts")).createDenoRuntime()
    : (await import("./runtime/bun-runtime.ts")).createBunRuntime();
runtime.registerSpecModule({ ...api });

const controller = new AbortController();
let signals = 0;
runtime.onInterrupt((signal) => {
  signals++;
  if (signals === 1) {
    runtime.stderr.write(
      `\n${signal}: stopping the spec in progress, then printing the summary (send again to quit at once)\n`,
    );
    controller.abort();
  } else {
    void runtime.exit(ExitCode.Interrupted);
  }
});

async function main(): Promise<number> {
  if (runtime.args[0] === NOISE_PROBE_COMMAND) {
    runtime.stdout.write(`${await measureReference(runtime)}\n`);
    return ExitCode.Ok;
  }
  if (runtime.args[0] === FORK_COMMAND) {
    // Its own process group (in fxperf's session): what a spec starts here is killed with the fork.
    await runtime.leadProcessGroup();
    return forkCommand(runtime, runtime.args[1]);
  }
  if (runtime.args[0] === PROBE_COMMAND)
    return probeCommand(runtime, runtime.args[1], (text) => runtime.stdout.write(text));
  if (runtime.args[0] === LOAD_HOST_COMMAND)
    return loadHostCommand(runtime, runtime.args[1], (text) => runtime.stdout.write(text));
  return runCli(runtime, controller.signal);
}

let exitCode: number;
// Spec code must not decide the exit code: while a command runs, process.exit() (and Deno.exit())
// throws, so the call becomes that spec's error (or the spec file's load error) and the run goes on.
const restoreExit = runtime.guardExit();
try {
  exitCode = await main();
} catch (error) {
  // The settings may be what failed: colour for the error is read on its own.
  const c = createColors(
    parseColorSettings(runtime.env, { stdoutIsTTY: runtime.stdout.isTTY, stderrIsTTY: runtime.stderr.isTTY }).stderr,
  );
  if (error instanceof FxperfError) {
    runtime.stderr.write(`${c.red("error")}: ${error.message}\n`);
    if (error.hint) runtime.stderr.write(`${c.dim("hint")}: ${error.hint}\n`);
    exitCode = error.exitCode;
  } else if (isSystemError(error)) {
    // The machine refused (a read-only or full file system, a permission): not a bug in fxperf.
    runtime.stderr.write(`${c.red("error")}: the system refused an operation: ${error.message}\n`);
    runtime.stderr.write(
      `${c.dim("hint")}: check that path's permissions, free space and file system (TMPDIR for temporary files)\n`,
    );
    exitCode = ExitCode.Environment;
  } else {
    runtime.stderr.write(
      `${c.red("internal error")}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    runtime.stderr.write("This is a bug in fxperf; please report it with the command you ran.\n");
    exitCode = ExitCode.Usage;
  }
}
restoreExit();
// Exit explicitly: a spec file may leave a server or timer running (a load spec whose afterAll
// never ran because the run stopped early), which would otherwise keep the process alive.
await runtime.exit(exitCode);
