/**
 * `fxperf __fork '<request>'`: the hidden command a fork runs. It measures one spec in this fresh
 * process and writes the report where the parent asked; the parent reads it and decides. Not
 * listed in --help: users never call it.
 */
import { ExitCode, FxperfError } from "../errors.ts";
import { runFork } from "../run/fork-child.ts";
import { parseForkRequest } from "../run/fork-protocol.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** Runs the fork's side and writes its report atomically. */
export async function forkCommand(runtime: Runtime, requestText: string | undefined): Promise<number> {
  const request = parseForkRequest(requestText);
  const report = await runFork(runtime, runtime, request);
  try {
    await runtime.writeTextFileAtomic(request.outPath, JSON.stringify(report));
  } catch (error) {
    // A full or read-only TMPDIR: the parent reads this exit code as the machine's fault, not the spec's.
    throw new FxperfError(
      "TEMP_DIR",
      `Cannot write the fork's result to "${request.outPath}": ${(error as Error).message}`,
    );
  }
  return ExitCode.Ok;
}
