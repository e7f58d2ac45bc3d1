/**
 * `fxperf __probe '<files>'`: the hidden command that imports spec files one by one in a
 * fresh process and prints a line after each (see spec/probe-spec-files.ts). Errors are not its
 * business: the parent imports the files again and reports them.
 */
import { ExitCode } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { importSpecs } from "../spec/import-specs.ts";
import { LOADED_MARKER } from "../spec/probe-spec-files.ts";

/** Imports each file and writes `FXPERF-LOADED <index>` after it, through `write`. */
export async function probeCommand(
  runtime: Pick<Runtime, "importSpecFile">,
  filesText: string | undefined,
  write: (line: string) => void,
): Promise<number> {
  const files = JSON.parse(filesText ?? "[]") as string[];
  for (const [index, file] of files.entries()) {
    await importSpecs(runtime, [file]);
    write(`${LOADED_MARKER} ${index}\n`);
  }
  return ExitCode.Ok;
}
