/**
 * Spec files are imported in this process, so their top-level code runs here, where a loop that
 * never ends (or an await that never settles) would hang fxperf beyond the reach of Ctrl-C. Before
 * importing them, a child process of fxperf imports them one by one and says after each; a file
 * that does not finish within the timeout is named and nothing is measured. The child is killed
 * when it has answered for every file (servers a spec file starts do not keep it alive).
 */
import { FxperfError } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { formatNs } from "../units.ts";

/** The hidden command the probe runs: `fxperf __probe '<JSON array of files>'`. */
export const PROBE_COMMAND = "__probe";

/** The line the probe prints after each file: the marker and the file's index. */
export const LOADED_MARKER = "FXPERF-LOADED";

/** Imports `files` in a child process first; throws FxperfError naming a file that does not finish loading. */
export async function probeSpecFiles(
  runtime: Pick<Runtime, "spawn" | "selfCommand">,
  files: readonly string[],
  options: { readonly timeoutNs: number; readonly signal: AbortSignal; readonly display: (path: string) => string },
): Promise<void> {
  if (files.length === 0) return;
  let loaded = 0;
  let buffered = "";
  let progress: (() => void) | undefined;
  const child = runtime.spawn([...runtime.selfCommand(), PROBE_COMMAND, JSON.stringify(files)], {
    processGroup: true,
    onStdout: (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith(`${LOADED_MARKER} `)) loaded++;
      progress?.();
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const file = files[loaded] ?? files.at(-1)!;
          reject(
            new FxperfError(
              "SPEC_LOAD",
              `Spec file "${options.display(file)}" did not finish loading within ${formatNs(options.timeoutNs)}: its top-level code may never return (a loop, or an await that never settles); nothing was measured`,
              { hint: "move long-running setup into beforeAll (it runs under the spec's timeout), or raise --timeout" },
            ),
          );
        }, options.timeoutNs / 1e6);
      };
      const onAbort = () =>
        reject(new FxperfError("INTERRUPTED", "Interrupted while loading spec files: nothing was measured"));
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        options.signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      };
      progress = () => (loaded >= files.length ? finish() : arm());
      options.signal.addEventListener("abort", onAbort, { once: true });
      if (options.signal.aborted) onAbort();
      arm();
      // A child that ends early (a crash, an exit() the guard let through) has said all it can:
      // the import here reports what went wrong, as it would without the probe.
      child.done.then(
        () => finish(),
        (error) => finish(error),
      );
    });
  } finally {
    child.kill("SIGKILL");
  }
}
