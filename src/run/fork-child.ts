/**
 * The fork's side: in a fresh process, load one spec file, run the spec's suite hooks
 * (beforeAll, outermost first), measure the spec (and the drift reference kernel beside it),
 * run the afterAll hooks (innermost first), and return what the parent needs. Errors become a
 * report, never an exit code: the parent decides what they mean.
 *
 * For `fxperf ab` (paired), the base tree's spec file is loaded too, both specs' hooks run, and
 * the two are measured in alternating rounds in this one process (docs/measurement.md, "Modes").
 * A profiling fork measures under the sampling CPU profiler and writes the profile (profile-fork.ts).
 */
import { suiteChain } from "../dsl/plan.ts";
import { type EngineDeps, measureMicro } from "../micro/engine.ts";
import { measureReferenceKernel } from "../micro/reference-kernel.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { type ImportedSpecs, importSpecs } from "../spec/import-specs.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import type { ForkReport, ForkRequest } from "./fork-protocol.ts";
import { boundSetupTime, forkCallable, forkMeasureSettings } from "./fork-callable.ts";
import { measureAbPair, measurePair } from "./measure-pair.ts";
import { profileWhileMeasuring } from "./profile-fork.ts";

type Phase = "spec" | "beforeAll" | "afterAll";

/** The report of a fork whose spec failed in `phase` with `error`. */
export function failure(phase: Phase, error: unknown): ForkReport {
  if (error instanceof Error) return { ok: false, error: { phase, message: error.message, stack: error.stack } };
  return { ok: false, error: { phase, message: `threw a non-Error value: ${String(error)}`, stack: undefined } };
}

/** The micro spec `id` among `loaded`, or an error saying this process did not declare it. */
function findSibling(loaded: ImportedSpecs, id: string): ResolvedMicroSpec {
  const spec = loaded.specs.find((s) => s.id === id);
  if (spec?.kind === "micro") return spec;
  const problem = loaded.problems[0]?.message;
  throw new Error(
    `this process did not declare spec "${id}"${problem ? ` (${problem})` : ""}: a spec file must declare the same specs in every process`,
  );
}

/** Measures the requested spec in this process. */
export async function runFork(
  runtime: Pick<Runtime, "importSpecFile" | "cpuTimeNs" | "startCpuProfile" | "writeTextFileAtomic">,
  deps: EngineDeps,
  request: ForkRequest,
): Promise<ForkReport> {
  let spec: ResolvedMicroSpec;
  let loaded: ImportedSpecs;
  let abBase: ResolvedMicroSpec | undefined;
  try {
    // The base's file is loaded on its own: its specs have the same ids as the head's. With
    // `baseFirst` it is loaded first, so that neither side is always the first one compiled.
    const loadBase = async () => {
      if (request.abBase) abBase = findSibling(await importSpecs(runtime, [request.abBase.file]), request.abBase.id);
    };
    if (request.abBase?.baseFirst) await loadBase();
    loaded = await importSpecs(runtime, [request.file]);
    spec = findSibling(loaded, request.id);
    if (!request.abBase?.baseFirst) await loadBase();
  } catch (error) {
    return failure("spec", error);
  }
  // Hooks: the base's suites after the head's on the way in, innermost first on the way out.
  const chain = [...suiteChain(spec.suite), ...(abBase ? suiteChain(abBase.suite) : [])];
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
      const cpuBefore = runtime.cpuTimeNs();
      const wallBefore = deps.nowNs();
      // With a sibling to beat, or the base's version of the spec, both are measured here in
      // alternating rounds.
      const other = abBase ?? (request.versus === undefined ? undefined : findSibling(loaded, request.versus));
      const pair =
        abBase && request.abBase
          ? await measureAbPair(spec, abBase, request.abBase, deps)
          : other
            ? await measurePair(spec, other, { measureHeap: request.measureHeap }, deps)
            : undefined;
      const measureOnce = async () =>
        measureMicro(
          forkCallable(spec),
          await boundSetupTime(spec, forkMeasureSettings(spec), () => deps.nowNs()),
          { measureHeap: request.measureHeap },
          deps,
        );
      const profiled = request.profile
        ? await profileWhileMeasuring(runtime, deps, request.profile, measureOnce)
        : undefined;
      const measurement = pair?.measurement ?? profiled?.measurement ?? (await measureOnce());
      const cpuShare = (runtime.cpuTimeNs() - cpuBefore) / (deps.nowNs() - wallBefore);
      report = {
        ok: true,
        measurement: { ...measurement, percentiles: [...measurement.percentiles] },
        referenceP50,
        cpuShare: Number.isFinite(cpuShare) ? cpuShare : undefined,
        versus: pair ? { selfP50s: pair.selfP50s, otherP50s: pair.otherP50s } : undefined,
        ...(profiled ? { profileSamples: profiled.samples } : {}),
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
