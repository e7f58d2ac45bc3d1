/**
 * `fxperf ab` on a micro spec only the head has ("added"): nothing to compare it with, but its
 * author still wants a figure. The head's spec is measured alone in a few forks, as `run` would;
 * the status stays "added" and no change is judged.
 */
import { stopsTheRun } from "../errors.ts";
import type { AbSpecResult } from "../result/ab-result.ts";
import type { ResolvedMicroSpec } from "../spec/resolved.ts";
import { MIN_VERDICT_FORKS } from "../verdict/fork-comparison.ts";
import { Interrupted } from "./interrupted.ts";
import { abSpecError, sideFigures } from "./run-ab-micro-spec.ts";
import type { ForkLauncher } from "./spawn-fork.ts";

/** Measures `spec` in the head's tree in {@link MIN_VERDICT_FORKS} forks; an error names the head. */
export async function measureAddedSpec(
  spec: ResolvedMicroSpec,
  files: AbSpecResult["files"],
  options: { readonly timeoutNs: number; readonly nowNs: () => number },
  launcher: ForkLauncher,
): Promise<AbSpecResult> {
  const started = options.nowNs();
  const common = { id: spec.id, kind: "micro" as const, files, base: null, change: null, pairs: 0, skipReason: null };
  const p50s: number[] = [];
  const cpuShares: (number | null)[] = [];
  try {
    for (let index = 0; index < MIN_VERDICT_FORKS; index++) {
      const request = { file: spec.file, id: spec.id, measureHeap: false, reference: false };
      const fork = await launcher(request, index, options.timeoutNs);
      p50s.push(fork.measurement.p50);
      cpuShares.push(fork.cpuShare ?? null);
    }
  } catch (error) {
    if (error instanceof Interrupted || stopsTheRun(error)) throw error;
    const cause = abSpecError(error);
    return {
      ...common,
      status: "error",
      head: null,
      stop: null,
      elapsedNs: options.nowNs() - started,
      error: { side: "head", phase: cause.phase, message: cause.message, output: cause.output },
      warnings: [],
    };
  }
  return {
    ...common,
    status: "added",
    head: sideFigures(p50s, cpuShares),
    stop: null,
    elapsedNs: options.nowNs() - started,
    error: null,
    warnings: [],
  };
}
