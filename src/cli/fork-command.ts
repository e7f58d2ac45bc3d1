/**
 * `fxperf __fork '<request>'`: the hidden command a fork runs. It measures one spec in this fresh
 * process and writes the report where the parent asked; the parent reads it and decides. Not
 * listed in --help: users never call it.
 */
import { ExitCode, FxperfError } from "../errors.ts";
import { failure, runFork } from "../run/fork-child.ts";
import { type ForkReport, parseForkRequest } from "../run/fork-protocol.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** Runs the fork's side and writes its report atomically. */
export async function forkCommand(runtime: Runtime, requestText: string | undefined): Promise<number> {
  const request = parseForkRequest(requestText);
  // An error no spec code caught (a rejected promise nobody awaited, a throw in a timer) fails the
  // spec at once: measuring on would time code whose work stopped half-way.
  let uncaught: ForkReport | undefined;
  const write = async (report: ForkReport) => {
    try {
      await runtime.writeTextFileAtomic(request.outPath, JSON.stringify(report));
    } catch (error) {
      // A full or read-only TMPDIR: the parent reads this exit code as the machine's fault, not the spec's.
      throw new FxperfError(
        "TEMP_DIR",
        `Cannot write the fork's result to "${request.outPath}": ${(error as Error).message}`,
      );
    }
  };
  runtime.onUncaughtError(async (error, kind) => {
    // A spec that rejects on every call reports once: the first error is the one to show.
    if (uncaught) return;
    const what = kind === "rejection" ? "a promise rejected with no handler" : "a throw outside the measured call";
    const reason = error instanceof Error ? error : new Error(String(error));
    uncaught = failure("spec", Object.assign(new Error(`${what}: ${reason.message}`), { stack: reason.stack }));
    await write(uncaught).catch(() => {});
    await runtime.exit(ExitCode.Ok);
  });
  const report = await runFork(runtime, runtime, request);
  // A synchronous measurement never yields: let the rejections and timers it left behind surface.
  await new Promise((resolve) => setTimeout(resolve, 1));
  await write(uncaught ?? report);
  return ExitCode.Ok;
}
