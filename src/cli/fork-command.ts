/**
 * `fxperf __fork '<request>'`: the hidden command a fork runs. It measures one spec in this fresh
 * process and writes the report where the parent asked; the parent reads it and decides. Not
 * listed in --help: users never call it.
 */
import { ExitCode } from "../errors.ts";
import { runFork } from "../run/fork-child.ts";
import { parseForkRequest } from "../run/fork-protocol.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** Runs the fork's side and writes its report atomically. */
export async function forkCommand(runtime: Runtime, requestText: string | undefined): Promise<number> {
  const request = parseForkRequest(requestText);
  const report = await runFork(runtime, runtime, request);
  await runtime.writeTextFileAtomic(request.outPath, JSON.stringify(report));
  return ExitCode.Ok;
}
