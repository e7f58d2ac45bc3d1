/**
 * `fxperf __load-host '<{"file","id"}>'`: the hidden command that runs a load spec's hooks in a
 * fresh process while the parent runs wrk against its server (see run/load-host.ts).
 */
import * as v from "valibot";
import { ExitCode } from "../errors.ts";
import { runLoadHost } from "../run/load-host-child.ts";
import type { Runtime } from "../runtime/runtime.ts";

const RequestSchema = v.object({ file: v.pipe(v.string(), v.minLength(1)), id: v.string() });

/** Hosts the requested load spec, writing the protocol through `write`. */
export async function loadHostCommand(
  runtime: Pick<Runtime, "importSpecFile" | "stdinClosed">,
  requestText: string | undefined,
  write: (text: string) => void,
): Promise<number> {
  const request = v.parse(RequestSchema, JSON.parse(requestText ?? "null"));
  await runLoadHost(runtime, request, write);
  return ExitCode.Ok;
}
