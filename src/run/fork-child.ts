/**
 * The fork's side: in a fresh process, load one spec file, run the spec's suite hooks
 * (beforeAll, outermost first), measure the spec (and the drift reference kernel beside it),
 * run the afterAll hooks (innermost first), and return what the parent needs. Errors become a
 * report, never an exit code: the parent decides what they mean.
 */
import { suiteChain } from "../dsl/plan.ts";
import { type EngineDeps, measureMicro } from "../micro/engine.ts";
import { measureReferenceKernel } from "../micro/reference-kernel.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { loadSpecs } from "../spec/load-specs.ts";
import type { MeasureSettings, ResolvedMicroSpec } from "../spec/resolved.ts";
import type { ForkReport, ForkRequest } from "./fork-protocol.ts";

/** A fork's default warm-up and measuring time, when the spec sets none (shorter than one process's). */
export const FORK_MEASURE_DEFAULTS = { warmupNs: 50e6, timeNs: 100e6 } as const;

/**
 * What a fork hands mitata for a spec. mitata treats a function that declares parameters as an
 * iterator benchmark, so the spec's function is wrapped: called with its `.args()` parameters, or,
 * with `.setup()`, as mitata's generator form whose computed parameter makes each call's input
 * outside the timed region (batches of fast calls get one fresh input per call).
 */
export function forkCallable(spec: ResolvedMicroSpec): () => unknown {
  const { fn, params, setup } = spec;
  if (setup) {
    const p = params ?? {};
    return function* () {
      yield { 0: () => setup(p), bench: (input: unknown) => fn(input, p) };
    };
  }
  if (params) return () => fn(params);
  return fn.length === 0 ? fn : () => fn();
}

/** A fork's measuring settings: the spec's own, with the fork's defaults for what it leaves out. */
export function forkMeasureSettings(spec: ResolvedMicroSpec): MeasureSettings {
  return {
    ...spec.measure,
    timeNs: spec.measure.timeNs ?? FORK_MEASURE_DEFAULTS.timeNs,
    warmupNs: FORK_MEASURE_DEFAULTS.warmupNs,
  };
}

type Phase = "spec" | "beforeAll" | "afterAll";

function failure(phase: Phase, error: unknown): ForkReport {
  if (error instanceof Error) return { ok: false, error: { phase, message: error.message, stack: error.stack } };
  return { ok: false, error: { phase, message: `threw a non-Error value: ${String(error)}`, stack: undefined } };
}

async function findSpec(runtime: Pick<Runtime, "importSpecFile">, request: ForkRequest): Promise<ResolvedMicroSpec> {
  const loaded = await loadSpecs(runtime, [request.file]);
  const spec = loaded.specs.find((s) => s.id === request.id);
  if (spec?.kind === "micro") return spec;
  const problem = loaded.problems[0]?.message;
  throw new Error(
    `this process did not declare spec "${request.id}"${problem ? ` (${problem})` : ""}: a spec file must declare the same specs in every process`,
  );
}

/** Measures the requested spec in this process. */
export async function runFork(
  runtime: Pick<Runtime, "importSpecFile" | "cpuTimeNs">,
  deps: EngineDeps,
  request: ForkRequest,
): Promise<ForkReport> {
  let spec: ResolvedMicroSpec;
  try {
    spec = await findSpec(runtime, request);
  } catch (error) {
    return failure("spec", error);
  }
  const chain = suiteChain(spec.suite);
  let report: ForkReport | undefined;
  let entered = 0;
  try {
    for (const suite of chain) {
      entered++;
      for (const hook of suite.beforeAll) await hook.fn();
    }
  } catch (error) {
    report = failure("beforeAll", error);
  }
  if (!report) {
    try {
      const referenceP50 = request.reference ? await measureReferenceKernel(deps) : undefined;
      const fn = forkCallable(spec);
      const settings = forkMeasureSettings(spec);
      const cpuBefore = runtime.cpuTimeNs();
      const wallBefore = deps.nowNs();
      const measurement = await measureMicro(fn, settings, { measureHeap: request.measureHeap }, deps);
      const cpuShare = (runtime.cpuTimeNs() - cpuBefore) / (deps.nowNs() - wallBefore);
      report = {
        ok: true,
        measurement: { ...measurement, percentiles: [...measurement.percentiles] },
        referenceP50,
        cpuShare: Number.isFinite(cpuShare) ? cpuShare : undefined,
      };
    } catch (error) {
      report = failure("spec", error);
    }
  }
  let final: ForkReport = report ?? failure("spec", new Error("nothing measured"));
  for (const suite of chain.slice(0, entered).reverse()) {
    for (const hook of suite.afterAll) {
      try {
        await hook.fn();
      } catch (error) {
        if (final.ok) final = failure("afterAll", error);
      }
    }
  }
  return final;
}
