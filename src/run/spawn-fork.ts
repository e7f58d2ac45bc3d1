/**
 * Starts forks: fresh child processes of fxperf itself (the compiled binary, or the runtime with
 * its entry script) that each measure one micro spec and write a report. The parent stays
 * responsive while a fork runs, so a spec past its timeout, or a Ctrl-C, kills the child, even
 * when the spec is stuck in a synchronous loop.
 */
import { join } from "node:path";
import type { Runtime } from "../runtime/runtime.ts";
import { ExitCode, FxperfError } from "../errors.ts";
import { formatNs } from "../units.ts";
import { FORK_COMMAND, type ForkReport, type ForkRequest, parseForkReport } from "./fork-protocol.ts";

/** A fork that produced no measurement; `phase` says where it failed. */
export class ForkFailure extends Error {
  constructor(
    message: string,
    readonly phase: "spec" | "beforeAll" | "afterAll" | "timeout",
    readonly output: string | undefined,
    override readonly stack?: string,
  ) {
    super(message);
  }
}

import { Interrupted } from "./interrupted.ts";

/** A fork's measurement, as reported. */
export type ForkMeasurement = Extract<ForkReport, { ok: true }>;

/**
 * Starts one fork for a spec and resolves with its measurement; rejects with ForkFailure or
 * Interrupted. `timeoutNs` is the spec's timeout: a fork past it is stopped.
 */
export type ForkLauncher = (
  request: Omit<ForkRequest, "outPath">,
  index: number,
  timeoutNs: number,
) => Promise<ForkMeasurement>;

const OUTPUT_TAIL = 2000;

/**
 * A profiling fork keeps each function's own frames: JavaScriptCore (Bun) inlines small functions
 * into their callers, and its profiler then books their time to the caller (V8 keeps inlined
 * frames apart on its own). Its timing enters no verdict, so the JIT's choice does not matter there.
 */
export const PROFILING_ENV: Readonly<Record<string, string>> = { BUN_JSC_maximumInliningDepth: "1" };

/** After killing a fork, how long to wait for its output pipes to close. */
const KILL_GRACE_MS = 2000;

function tail(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return trimmed.length > OUTPUT_TAIL ? `...${trimmed.slice(-OUTPUT_TAIL)}` : trimmed;
}

/** A launcher that spawns real child processes through the runtime, in `options.cwd` when given. */
export function createForkLauncher(
  runtime: Pick<Runtime, "spawn" | "selfCommand" | "makeTempDir" | "readTextFile" | "remove">,
  options: {
    readonly signal: AbortSignal;
    readonly cwd?: string;
    /** Told as each fork starts (its index within the spec), for the progress line. */
    readonly onLaunch?: (index: number) => void;
  },
): ForkLauncher & { dispose(): Promise<void> } {
  let dir: Promise<string> | undefined;
  let count = 0;
  const launch: ForkLauncher = async (request, index, timeoutNs) => {
    if (options.signal.aborted) throw new Interrupted("interrupted");
    options.onLaunch?.(index);
    dir ??= runtime.makeTempDir("fxperf-forks-");
    const outPath = join(await dir, `fork-${++count}.json`);
    const child = runtime.spawn([...runtime.selfCommand(), FORK_COMMAND, JSON.stringify({ ...request, outPath })], {
      cwd: options.cwd,
      // Only the tail is ever shown (a failing fork's output): keep no more of it.
      keepOutputChars: OUTPUT_TAIL,
      // What a spec or hook starts (a server, a busy child) goes with the fork, and never outlives fxperf.
      reapGroup: true,
      ...(request.profile ? { env: PROFILING_ENV } : {}),
    });
    let timedOut = false;
    let killed: (() => void) | undefined;
    // A process the spec started (a server in beforeAll) inherits the fork's output pipes and
    // outlives the kill; do not wait for it to close them for more than a moment.
    const afterKill = new Promise<undefined>((resolve) => {
      killed = () => setTimeout(() => resolve(undefined), KILL_GRACE_MS);
    });
    const kill = () => {
      child.kill("SIGKILL");
      killed?.();
    };
    const onAbort = () => kill();
    options.signal.addEventListener("abort", onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutNs / 1e6);
    // Aborted between the check above and here: the listener would never fire.
    if (options.signal.aborted) kill();
    let exit: Awaited<typeof child.done>;
    try {
      exit = (await Promise.race([child.done, afterKill])) ?? {
        exitCode: null,
        signal: "SIGKILL",
        stdout: "",
        stderr: "",
      };
    } finally {
      clearTimeout(timer);
      options.signal.removeEventListener("abort", onAbort);
    }
    const output = tail(`${exit.stdout}${exit.stderr}`);
    const where = `in fork ${index + 1}`;
    if (options.signal.aborted) throw new Interrupted("interrupted");
    if (timedOut) {
      throw new ForkFailure(
        `"${request.id}" did not finish within its timeout of ${formatNs(timeoutNs)} ${where}: the fork was stopped`,
        "timeout",
        output,
      );
    }
    let text: string;
    try {
      text = await runtime.readTextFile(outPath);
    } catch {
      if (exit.exitCode === ExitCode.Environment) {
        // The fork measured but could not write its result (a full or read-only TMPDIR): stop the run.
        const said = output?.split("\n").findLast((line) => line.startsWith("error: ")) ?? "";
        throw new FxperfError(
          "TEMP_DIR",
          `A fork could not report its result: ${said.slice("error: ".length) || output}`,
          {
            hint: "free space in TMPDIR, or set TMPDIR to a writable directory with free space",
          },
        );
      }
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
      const guess = exit.exitCode === 0 ? ": did the spec or a hook end its process (an exit() call)?" : "";
      throw new ForkFailure(`the fork ${how} before reporting a result ${where}${guess}`, "spec", output);
    }
    await runtime.remove(outPath);
    const parsed = parseForkReport(text);
    if ("problem" in parsed)
      throw new ForkFailure(`the fork's report ${where} was unusable: ${parsed.problem}`, "spec", output);
    const { report } = parsed;
    if (!report.ok) {
      throw new ForkFailure(
        `${report.error.message} (${where})`,
        report.error.phase,
        output,
        report.error.stack ?? undefined,
      );
    }
    return report;
  };
  return Object.assign(launch, {
    async dispose() {
      // No directory was made (a missing TMPDIR): that error was reported where it happened.
      if (dir)
        await dir.then(
          (made) => runtime.remove(made),
          () => {},
        );
    },
  });
}
