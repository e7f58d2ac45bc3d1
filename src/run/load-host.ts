/**
 * Load specs run their suites' hooks in a host: a child process of fxperf that imports the spec
 * file, runs the beforeAll hooks (which start the spec's server), says it is ready with the load
 * request as its own copy of the spec resolves it (a server on port 0 has its own port there),
 * and runs the afterAll hooks when fxperf closes its standard input. fxperf stays responsive
 * meanwhile: a hook that never returns (even a synchronous loop) is stopped at the timeout and
 * the spec is an ERROR, and Ctrl-C stops the host at once.
 */
import * as v from "valibot";
import type { SpecError } from "../result/spec-result.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { formatNs } from "../units.ts";
import { Interrupted } from "./interrupted.ts";

/** The hidden command a host runs: `fxperf __load-host '<{"file","id"}>'`. */
export const LOAD_HOST_COMMAND = "__load-host";

/** Every line of the host's protocol starts with this (other output is the spec's own). */
export const LOAD_HOST_MARKER = "FXPERF-LOAD-HOST";

/** The parts of a load spec that come from the host's own copy of it. */
const HostedRequestSchema = v.object({
  url: v.string(),
  method: v.optional(v.string()),
  headers: v.record(v.string(), v.string()),
  body: v.optional(v.string()),
  connections: v.number(),
  threads: v.optional(v.number()),
  durationS: v.number(),
  timeoutS: v.optional(v.number()),
  script: v.optional(v.string()),
  warmupS: v.optional(v.number()),
});

/** One protocol message from a host. */
const HostMessageSchema = v.variant("type", [
  v.object({ type: v.literal("ready"), request: HostedRequestSchema }),
  v.object({ type: v.literal("done") }),
  v.object({
    type: v.literal("error"),
    phase: v.picklist(["import", "beforeAll", "afterAll"]),
    message: v.string(),
    stack: v.optional(v.string()),
  }),
]);

/** A message a host sends. */
export type HostMessage = v.InferOutput<typeof HostMessageSchema>;

/** The request fields a host reports for its spec. */
export type HostedRequest = v.InferOutput<typeof HostedRequestSchema>;

/** Renders one protocol line. */
export function hostLine(message: HostMessage): string {
  return `${LOAD_HOST_MARKER} ${JSON.stringify(message)}\n`;
}

/** A host that could not get its spec ready (or whose afterAll failed): where, and why. */
export class LoadHostFailure extends Error {
  constructor(readonly error: SpecError) {
    super(error.message);
  }
}

/** A running host. */
export interface LoadHost {
  /** The spec as the host resolved it, once its beforeAll hooks have run; rejects with LoadHostFailure or Interrupted. */
  readonly ready: Promise<ResolvedLoadSpec>;
  /** Runs the afterAll hooks (closing the host's input) and ends the host; resolves with their error, if one failed. */
  release(): Promise<SpecError | undefined>;
}

/** After closing a host's input or killing it, how long to wait for it to finish before giving up. */
const EXIT_GRACE_MS = 2000;

/** Starts a host for `spec` in `cwd` (default: this process's); `timeoutNs` limits the hooks on each side. */
export function startLoadHost(
  runtime: Pick<Runtime, "spawn" | "selfCommand">,
  spec: ResolvedLoadSpec,
  options: {
    readonly timeoutNs: number;
    readonly signal: AbortSignal;
    readonly cwd?: string;
    /** Prepended to the host's command line (`taskset -c 1` in `ab`: load/placement.ts). */
    readonly prefix?: readonly string[];
  },
): LoadHost {
  const messages: HostMessage[] = [];
  let waiting: (() => void) | undefined;
  let buffered = "";
  let output = "";
  const child = runtime.spawn(
    [
      ...(options.prefix ?? []),
      ...runtime.selfCommand(),
      LOAD_HOST_COMMAND,
      JSON.stringify({ file: spec.file, id: spec.id }),
    ],
    {
      cwd: options.cwd,
      processGroup: true,
      stdin: "pipe",
      onStdout: (chunk) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (!line.startsWith(`${LOAD_HOST_MARKER} `)) {
            output = `${output}${line}\n`.slice(-2000);
            continue;
          }
          const parsed = v.safeParse(HostMessageSchema, safeJson(line.slice(LOAD_HOST_MARKER.length + 1)));
          if (parsed.success) messages.push(parsed.output);
        }
        waiting?.();
      },
    },
  );
  let exited = false;
  const exit = child.done.then((done) => {
    exited = true;
    waiting?.();
    return done;
  });
  const kill = () => child.kill("SIGKILL");
  const onAbort = () => kill();
  options.signal.addEventListener("abort", onAbort, { once: true });

  /** Waits for a message of one of `types` (or an error of one of `phases`), the host's exit, or the deadline. */
  const next = (types: readonly HostMessage["type"][], phases: readonly string[], deadlineMs: number) =>
    new Promise<HostMessage | "exited" | "timeout">((resolve) => {
      const check = () => {
        const found = messages.find((m) => types.includes(m.type) || (m.type === "error" && phases.includes(m.phase)));
        if (found) return settle(found);
        if (exited) return settle("exited");
      };
      const timer = setTimeout(() => settle("timeout"), deadlineMs);
      const settle = (value: HostMessage | "exited" | "timeout") => {
        clearTimeout(timer);
        waiting = undefined;
        resolve(value);
      };
      waiting = check;
      check();
    });

  const failure = (phase: SpecError["phase"], message: string, stack?: string) =>
    new LoadHostFailure({ phase, message, stack, output: output.trim() || undefined });

  const ready = (async () => {
    if (options.signal.aborted) kill();
    const message = await next(["ready"], ["import", "beforeAll"], options.timeoutNs / 1e6);
    if (options.signal.aborted) throw new Interrupted("interrupted");
    if (message === "timeout") {
      kill();
      throw failure(
        "timeout",
        `the beforeAll hooks of "${spec.id}" did not finish within its timeout of ${formatNs(options.timeoutNs)}: the process running them was stopped`,
      );
    }
    if (message === "exited") {
      const done = await exit;
      throw failure(
        "beforeAll",
        `the process running the hooks of "${spec.id}" ended (exit code ${done.exitCode}) before they finished`,
      );
    }
    if (message.type === "error") {
      kill();
      throw failure(message.phase, message.message, message.stack);
    }
    if (message.type !== "ready")
      throw failure("spec", `unexpected message "${message.type}" from the process running the hooks`);
    return { ...spec, ...message.request, headers: message.request.headers } as ResolvedLoadSpec;
  })();
  // A rejection nobody awaits yet must not crash the process.
  ready.catch(() => {});

  return {
    ready,
    async release() {
      options.signal.removeEventListener("abort", onAbort);
      child.closeStdin();
      const message = await next(["done"], ["afterAll"], options.timeoutNs / 1e6 + EXIT_GRACE_MS);
      kill();
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS))]);
      if (message === "timeout")
        return failure(
          "timeout",
          `the afterAll hooks of "${spec.id}" did not finish within ${formatNs(options.timeoutNs)}: the process running them was stopped`,
        ).error;
      if (typeof message === "object" && message.type === "error")
        return failure(message.phase, message.message, message.stack).error;
      return undefined;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
