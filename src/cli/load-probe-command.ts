/**
 * `fxperf __load-probe '<files>'`: the hidden command that imports spec files one by one in a
 * fresh process and prints a line after each (see spec/probe-spec-files.ts). Errors are not its
 * business: the parent imports the files again and reports them.
 */
import { ExitCode } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { loadSpecs } from "../spec/load-specs.ts";
import { LOADED_MARKER } from "../spec/probe-spec-files.ts";

/** Imports each file and writes `FXPERF-LOADED <index>` after it, through `write`. */
export async function loadProbeCommand(
  runtime: Pick<Runtime, "importSpecFile">,
  filesText: string | undefined,
  write: (line: string) => void,
): Promise<number> {
  const files = JSON.parse(filesText ?? "[]") as string[];
  for (const [index, file] of files.entries()) {
    await loadSpecs(runtime, [file]);
    write(`${LOADED_MARKER} ${index}\n`);
  }
  return ExitCode.Ok;
}
