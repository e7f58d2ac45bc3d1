/**
 * The reporter interface: optional hooks called as a run progresses. Reporters
 * render what they are given and write only to the stream they were given.
 */
import type { RunResult } from "../result/run-result.ts";
import type { SpecResult } from "../result/spec-result.ts";
import type { SpecProgress } from "../run/spec-loop.ts";

/**
 * Hooks a reporter may implement; all are optional. `onSpecStart` and `onSpecEnd` come from the
 * spec loop's {@link SpecProgress}. `run` and `calibrate` report a RunResult; `ab` an AbRunResult.
 */
export interface Reporter<Run = RunResult, Spec = SpecResult> extends SpecProgress<Spec> {
  onRunStart?(info: { readonly total: number; readonly files: number }): void;
  /** May return a promise (a reporter writing a file); fxperf waits for it before exiting. */
  onRunEnd?(run: Run): void | Promise<void>;
}

/**
 * Calls every reporter's hook in turn. One reporter's failure (a throw, a rejected
 * promise) never stops the others: it is handed to `onError`, and the run goes on.
 */
export function combineReporters<Run, Spec>(
  reporters: readonly Reporter<Run, Spec>[],
  onError: (error: unknown) => void = () => {},
): Reporter<Run, Spec> {
  const each = (call: (r: Reporter<Run, Spec>) => unknown) => {
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
    onSpecWork: (doing) => each((r) => r.onSpecWork?.(doing)),
    onRunEnd: async (run) => {
      const outcomes = await Promise.allSettled(reporters.map(async (r) => r.onRunEnd?.(run)));
      for (const outcome of outcomes) if (outcome.status === "rejected") onError(outcome.reason);
    },
  };
}
