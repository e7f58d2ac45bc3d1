/**
 * Bytes allocated per iteration, measured by keeping results alive.
 *
 * Why not mitata's heap figure: it samples heap growth around each batch, so
 * whatever the collector frees inside a batch (almost everything a short call
 * allocates) is missed: on Bun it reports ~3 B for `new Array(100).fill(1)`.
 * Why not a plain before/after delta: JavaScriptCore updates its heap size only at
 * collection time, so a delta without a collection reads 0.
 *
 * What we do: force a full collection, run the function N times storing every
 * result in a pre-filled array, force a full collection again and divide the
 * heap growth by N. What each call allocates and returns (with everything it
 * references) is counted exactly; temporaries a call drops before returning are
 * collected and not counted. Three rounds, median, to shed a stray collection.
 */

/** What the heap probe needs from the runtime. */
export interface HeapProbe {
  /** Forces a full, synchronous garbage collection. */
  gc(): void;
  /** Bytes of live heap as the runtime counts it after a collection. */
  heapBytes(): number;
}

/** Cap on bytes kept alive in one round, so a function returning 1 MB does not exhaust memory. */
const MAX_RETAINED_BYTES = 64 * 1024 * 1024;
const MAX_ITERATIONS = 20_000;
const MIN_ITERATIONS = 16;

async function round(fn: () => unknown, iterations: number, probe: HeapProbe, isAsync: boolean): Promise<number> {
  const keep: unknown[] = new Array(iterations).fill(0);
  probe.gc();
  const before = probe.heapBytes();
  for (let i = 0; i < iterations; i++) keep[i] = isAsync ? await fn() : fn();
  probe.gc();
  const after = probe.heapBytes();
  // Read the array after the second collection so it (and what it holds) stays alive until then.
  return keep.length > 0 ? Math.max(0, (after - before) / iterations) : 0;
}

/**
 * Measures bytes allocated and returned per call of `fn`.
 * `avgNs` (from the timing pass) sizes the rounds so they take ~`budgetNs` in all.
 */
export async function measureHeapPerIteration(
  fn: () => unknown,
  avgNs: number,
  budgetNs: number,
  probe: HeapProbe,
): Promise<number> {
  const sample = fn();
  const isAsync = sample instanceof Promise;
  if (isAsync) await sample;
  const first = await round(fn, MIN_ITERATIONS, probe, isAsync);
  const byTime = Math.floor(budgetNs / 3 / Math.max(avgNs, 1));
  const byMemory = first > 0 ? Math.floor(MAX_RETAINED_BYTES / first) : MAX_ITERATIONS;
  const iterations = Math.max(MIN_ITERATIONS, Math.min(MAX_ITERATIONS, byTime, byMemory));
  const rounds = [
    await round(fn, iterations, probe, isAsync),
    await round(fn, iterations, probe, isAsync),
    await round(fn, iterations, probe, isAsync),
  ];
  return rounds.sort((a, b) => a - b)[1]!;
}
