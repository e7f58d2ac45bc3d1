/**
 * What a run or a comparison leaves in the history: one row for the run, one per micro or load
 * spec with the figures its verdict used (micro: the fork centre, the mean of the fastest third of
 * its fork medians; load: time per request from requests per second). Pure.
 */
import type { AbRunResult } from "../result/ab-result.ts";
import type { RunResult } from "../result/run-result.ts";
import { forkCentre } from "../verdict/fork-comparison.ts";

/** The run's row. */
export interface RunRow {
  readonly command: "run" | "ab";
  readonly recordedAt: string;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly baseCommit: string | null;
  readonly fingerprint: string;
  readonly fingerprintJson: string;
  readonly fxperfVersion: string;
  readonly runtime: string;
}

/** A spec's row: `valueNs` is the figure a series and a history baseline use. */
export interface ResultRow {
  readonly specId: string;
  readonly kind: "micro" | "load";
  readonly status: string;
  readonly valueNs: number | null;
  readonly p50Ns: number | null;
  readonly p99Ns: number | null;
  readonly rps: number | null;
  readonly forkP50sNs: readonly number[] | null;
  readonly ratio: number | null;
  readonly ratioLow: number | null;
  readonly ratioHigh: number | null;
}

const finite = (x: number | undefined | null) => (x !== undefined && x !== null && Number.isFinite(x) ? x : null);

/** The rows of a run; hook and complexity rows, and a second row of one id, are left out. */
export function rowsOfRun(run: RunResult): { run: RunRow; results: ResultRow[] } {
  const seen = new Set<string>();
  const results: ResultRow[] = [];
  for (const spec of run.specs) {
    if ((spec.kind !== "micro" && spec.kind !== "load") || seen.has(spec.id)) continue;
    seen.add(spec.id);
    const base = {
      specId: spec.id,
      kind: spec.kind,
      status: spec.status,
      ratio: null,
      ratioLow: null,
      ratioHigh: null,
    };
    if (spec.kind === "micro") {
      const forks = spec.forks?.p50sNs ?? null;
      results.push({
        ...base,
        valueNs: forks && forks.length > 0 ? finite(forkCentre(forks)) : finite(spec.measurement?.p50),
        p50Ns: finite(spec.measurement?.p50),
        p99Ns: finite(spec.measurement?.p99),
        rps: null,
        forkP50sNs: forks,
        ratio: finite(spec.baseline?.outcome.ratio),
      });
    } else {
      const rps = finite(spec.load?.median.rps);
      results.push({
        ...base,
        valueNs: rps && rps > 0 ? 1e9 / rps : null,
        p50Ns: finite(spec.load?.median.latencyNs.p50),
        p99Ns: finite(spec.load?.median.latencyNs.p99),
        rps,
        forkP50sNs: null,
      });
    }
  }
  return {
    run: {
      command: "run",
      recordedAt: run.startedAt,
      commit: run.git.commit,
      branch: run.git.branch,
      baseCommit: null,
      fingerprint: run.profiles.slug,
      fingerprintJson: JSON.stringify(run.fingerprint),
      fxperfVersion: run.fxperfVersion,
      runtime: `${run.runtime.name} ${run.runtime.version}`,
    },
    results,
  };
}

/** The rows of a comparison: each spec's head figure and its change against the base. */
export function rowsOfAb(
  result: AbRunResult,
  machine: { readonly slug: string; readonly json: string; readonly branch: string | null },
): { run: RunRow; results: ResultRow[] } {
  return {
    run: {
      command: "ab",
      recordedAt: result.startedAt,
      commit: result.head.commit,
      branch: machine.branch,
      baseCommit: result.base.commit,
      fingerprint: machine.slug,
      fingerprintJson: machine.json,
      fxperfVersion: result.fxperfVersion,
      runtime: `${result.runtime.name} ${result.runtime.version}`,
    },
    results: result.specs
      .filter((s) => s.head !== null || s.status === "error")
      .map((s) => ({
        specId: s.id,
        kind: s.kind,
        status: s.status,
        valueNs: finite(s.head?.centreNs),
        p50Ns: null,
        p99Ns: null,
        rps: null,
        forkP50sNs: s.head ? s.head.valuesNs.filter((v): v is number => v !== null && Number.isFinite(v)) : null,
        ratio: finite(s.change?.ratio),
        ratioLow: finite(s.change?.low),
        ratioHigh: finite(s.change?.high),
      })),
  };
}
