/**
 * wrk's command line for a load request. Pure. Durations and timeouts are whole
 * seconds here (wrk rejects fractions such as "1.5s"); --latency is always on.
 */
import type { LoadRequest } from "./load-result.ts";

/** The argument array (never a shell string) for wrk, with `scriptPath` as its Lua script. */
export function buildWrkArgs(request: LoadRequest, scriptPath: string | undefined): string[] {
  const args = [
    "--threads",
    String(request.threads),
    "--connections",
    String(request.connections),
    "--duration",
    `${request.durationS}s`,
    "--latency",
  ];
  if (request.timeoutS !== undefined) args.push("--timeout", `${request.timeoutS}s`);
  if (scriptPath !== undefined) args.push("--script", scriptPath);
  args.push(request.url);
  return args;
}
