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

/** Calls every reporter's hook in turn. */
export function combineReporters(reporters: readonly Reporter[]): Reporter {
  return {
    onRunStart: (info) => reporters.forEach((r) => r.onRunStart?.(info)),
    onSpecStart: (info) => reporters.forEach((r) => r.onSpecStart?.(info)),
    onSpecEnd: (result, index, total) => reporters.forEach((r) => r.onSpecEnd?.(result, index, total)),
    onRunEnd: async (run) => {
      for (const r of reporters) await r.onRunEnd?.(run);
    },
  };
}
