/**
 * The clock, collector and heap counter of whichever runtime runs the tests (Bun or
 * Deno), taken from fxperf's own Runtime implementations, so engine tests are runtime-neutral.
 */
import type { EngineDeps } from "../src/micro/engine.ts";
import type { Runtime } from "../src/runtime/runtime.ts";

/** The Runtime the tests run on. */
export const runtime: Runtime =
  "Deno" in globalThis
    ? (await import("../src/runtime/deno-runtime.ts")).createDenoRuntime()
    : (await import("../src/runtime/bun-runtime.ts")).createBunRuntime();

/** What the engine needs, from that runtime. */
export const engineDeps: EngineDeps = {
  nowNs: runtime.nowNs,
  gc: runtime.gc,
  heapBytes: runtime.heapBytes,
  canGc: runtime.canGc,
};
