/**
 * The reporter interface: optional hooks called as a run progresses. Reporters
 * render what they are given and write only to the stream they were given.
 */
import type { RunResult, SpecResult } from "../run/result.ts";

/** Where a reporter writes. */
export interface OutputStream {
  write(text: string): void;
  /** True when the stream is an interactive terminal. */
  readonly isTTY: boolean;
  /** Terminal width, when known. */
  readonly columns: number | undefined;
}

/** Hooks a reporter may implement; all are optional. */
export interface Reporter {
  onRunStart?(info: { readonly total: number; readonly files: number }): void;
  onSpecStart?(info: { readonly id: string; readonly index: number; readonly total: number }): void;
  onSpecEnd?(result: SpecResult, index: number, total: number): void;
  /** May return a promise (a reporter writing a file); fxperf waits for it before exiting. */
  onRunEnd?(run: RunResult): void | Promise<void>;
}

/**
 * Calls every reporter's hook in turn. One reporter's failure (a throw, a rejected
 * promise) never stops the others: it is handed to `onError`, and the run goes on.
 */
export function combineReporters(
  reporters: readonly Reporter[],
  onError: (error: unknown) => void = () => {},
): Reporter {
  const each = (call: (r: Reporter) => unknown) => {
    for (const r of reporters) {
      try {
        Promise.resolve(call(r)).catch(onError);
      } catch (error) {
        onError(error);
      }
    }
  };
  return {
    onRunStart: (info) => each((r) => r.onRunStart?.(info)),
    onSpecStart: (info) => each((r) => r.onSpecStart?.(info)),
    onSpecEnd: (result, index, total) => each((r) => r.onSpecEnd?.(result, index, total)),
    onRunEnd: async (run) => {
      const outcomes = await Promise.allSettled(reporters.map(async (r) => r.onRunEnd?.(run)));
      for (const outcome of outcomes) if (outcome.status === "rejected") onError(outcome.reason);
    },
  };
}
