/**
 * Where DSL calls go while a spec file loads. The loader opens a collection for a
 * file, imports it, then closes it and keeps the root suite. This is the only
 * module-level state in the DSL: spec files call describePerf() at import time,
 * so the DSL cannot be handed a context as a parameter.
 */
import type { SuitePlan } from "./plan.ts";

interface Collection {
  readonly file: string;
  readonly root: SuitePlan;
  current: SuitePlan;
}

let active: Collection | undefined;

/** Creates the implicit root suite of a file. */
export function createRootSuite(file: string): SuitePlan {
  return {
    kind: "suite",
    name: "",
    file,
    line: undefined,
    tags: [],
    parent: undefined,
    beforeAll: [],
    afterAll: [],
    children: [],
    skip: false,
    only: false,
  };
}

/** Starts collecting DSL calls for `file`; returns its root suite. */
export function startCollecting(file: string): SuitePlan {
  const root = createRootSuite(file);
  active = { file, root, current: root };
  return root;
}

/** Stops collecting; later DSL calls are refused. */
export function stopCollecting(): void {
  active = undefined;
}

/** The collection DSL calls must go to, or a clear error when there is none. */
export function activeCollection(caller: string): Collection {
  if (!active) {
    throw new Error(
      `${caller}() was called outside a spec file being loaded by fxperf: call it at the top level of a *.perf.ts file or inside describePerf()`,
    );
  }
  return active;
}

/** Runs `body` with `suite` as the current suite, restoring the previous one after. */
export function withinSuite(collection: Collection, suite: SuitePlan, body: () => void): void {
  const previous = collection.current;
  collection.current = suite;
  try {
    body();
  } finally {
    collection.current = previous;
  }
}

/** The first line number of `file` mentioned in a stack trace. */
export function lineInStack(stack: string, file: string): number | undefined {
  for (const frame of stack.split("\n")) {
    const at = frame.lastIndexOf(file);
    const match = at === -1 ? null : /^:(\d+)/.exec(frame.slice(at + file.length));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** The line in `file` that called into the DSL, read from the current stack. */
export function callerLine(file: string): number | undefined {
  return lineInStack(new Error().stack ?? "", file);
}
