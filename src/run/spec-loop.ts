/**
 * The one spec loop `run`, `calibrate` and `ab` share: take the planned items in order, stop
 * when the run is interrupted, tell the progress listener as each starts and ends, and collect
 * the results. What measuring an item means is the caller's `step`.
 */
import { Interrupted } from "./interrupted.ts";

/** Who hears about each spec as it starts and ends (a Reporter is one). */
export interface SpecProgress<Result> {
  onSpecStart?(spec: { readonly id: string; readonly index: number; readonly total: number }): void;
  onSpecEnd?(result: Result, index: number, total: number): void;
  /** What the spec in progress is doing now ("fork 3"): the live line of a terminal says it. */
  onSpecWork?(doing: string): void;
}

/**
 * What one step gave: its results in order (a spec's own, then rows that follow it: a failing
 * afterAll hook, a complexity fit), and whether the run was interrupted after them. "interrupted"
 * alone: the item did not finish and has no result.
 */
export type StepOutcome<Result> =
  | { readonly results: readonly Result[]; readonly interrupted?: boolean }
  | "interrupted";

/**
 * Runs `step` for each item in order and returns every result, and whether the run stopped
 * early. A step that throws {@link Interrupted} (or any error once `signal` is aborted) ends
 * the loop as interrupted; any other error propagates.
 */
export async function runSpecLoop<Item, Result>(
  items: readonly Item[],
  options: { readonly signal: AbortSignal; readonly idOf: (item: Item) => string },
  progress: SpecProgress<Result>,
  step: (item: Item, index: number, done: readonly Result[]) => Promise<StepOutcome<Result>>,
): Promise<{ results: Result[]; interrupted: boolean }> {
  const results: Result[] = [];
  const total = items.length;
  for (const [index, item] of items.entries()) {
    // Measuring a sync function never returns to the event loop; let pending
    // signal handlers (Ctrl-C) run before deciding whether to go on.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (options.signal.aborted) return { results, interrupted: true };
    progress.onSpecStart?.({ id: options.idOf(item), index, total });
    let outcome: StepOutcome<Result>;
    try {
      outcome = await step(item, index, results);
    } catch (error) {
      if (error instanceof Interrupted || options.signal.aborted) return { results, interrupted: true };
      throw error;
    }
    if (outcome === "interrupted") return { results, interrupted: true };
    for (const result of outcome.results) {
      results.push(result);
      progress.onSpecEnd?.(result, index, total);
    }
    if (outcome.interrupted) return { results, interrupted: true };
  }
  return { results, interrupted: false };
}
