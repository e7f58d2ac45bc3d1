/**
 * The host's side (see load-host.ts): in a fresh process, load the spec file, run the load spec's
 * beforeAll hooks (outermost first), report the request as this process resolves it, wait until
 * the parent closes standard input, run the afterAll hooks (innermost first), and report. Errors
 * become messages, never an exit code.
 */
import { suiteChain } from "../dsl/plan.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { importSpecs } from "../spec/import-specs.ts";
import type { ResolvedLoadSpec } from "../spec/resolved.ts";
import { type HostMessage, hostLine } from "./load-host.ts";

function errorMessage(phase: "import" | "beforeAll" | "afterAll", error: unknown): HostMessage {
  return error instanceof Error
    ? { type: "error", phase, message: error.message, stack: error.stack }
    : { type: "error", phase, message: `threw a non-Error value: ${String(error)}` };
}

/** Hosts the load spec `id` of `file`, writing protocol lines through `write`. */
export async function runLoadHost(
  runtime: Pick<Runtime, "importSpecFile" | "stdinClosed">,
  request: { readonly file: string; readonly id: string },
  write: (text: string) => void,
): Promise<void> {
  const loaded = await importSpecs(runtime, [request.file]);
  const spec = loaded.specs.find((s): s is ResolvedLoadSpec => s.id === request.id && s.kind === "load");
  if (!spec) {
    const problem = loaded.problems[0]?.message;
    write(
      hostLine(
        errorMessage(
          "import",
          new Error(`this process did not declare load spec "${request.id}"${problem ? ` (${problem})` : ""}`),
        ),
      ),
    );
    return;
  }
  const chain = suiteChain(spec.suite);
  let entered = 0;
  let failed = false;
  try {
    for (const suite of chain) {
      entered++;
      for (const hook of suite.beforeAll) await hook.fn();
    }
  } catch (error) {
    failed = true;
    write(hostLine(errorMessage("beforeAll", error)));
  }
  if (!failed) {
    const { url, method, headers, body, connections, threads, durationS, timeoutS, script, warmupS } = spec;
    write(
      hostLine({
        type: "ready",
        request: {
          url,
          method,
          headers: { ...headers },
          body,
          connections,
          threads,
          durationS,
          timeoutS,
          script,
          warmupS,
        },
      }),
    );
    await runtime.stdinClosed();
  }
  let afterError: HostMessage | undefined;
  for (const suite of chain.slice(0, entered).reverse()) {
    for (const hook of suite.afterAll) {
      try {
        await hook.fn();
      } catch (error) {
        afterError ??= errorMessage("afterAll", error);
      }
    }
  }
  if (!failed) write(hostLine(afterError ?? { type: "done" }));
}
