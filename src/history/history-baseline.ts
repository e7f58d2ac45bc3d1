/**
 * `run --baseline history[:N]`: the last N recorded runs of a branch on this machine class, as the
 * baseline side of the fork rule: each micro spec's baseline holds every fork median those runs
 * recorded, as a calibration's baseline holds its forks. Load specs keep their own limits. Pure.
 */
import { median } from "../micro/stats.ts";
import type { Fingerprint } from "../hardware/fingerprint.ts";
import { PROFILE_SCHEMA_URL, PROFILE_SCHEMA_VERSION, type Profile } from "../profiles/schema.ts";
import type { HistoryPoint } from "./store.ts";

/** How many recorded runs a history baseline takes by default. */
export const HISTORY_BASELINE_RUNS = 10;

/** The profile a history baseline stands for: one baseline per micro spec with recorded forks. */
export function profileFromHistory(
  points: readonly HistoryPoint[],
  options: {
    readonly runs: number;
    readonly fingerprint: Fingerprint;
    readonly tolerance: number;
    readonly now: string;
  },
): { readonly profile: Profile; readonly runs: number } {
  const bySpec = new Map<string, HistoryPoint[]>();
  for (const p of points)
    if (p.forkP50sNs && p.forkP50sNs.length > 0) bySpec.set(p.specId, [...(bySpec.get(p.specId) ?? []), p]);
  const baselines: Profile["baselines"] = {};
  let runs = 0;
  for (const [id, all] of bySpec) {
    const last = all.slice(-options.runs);
    runs = Math.max(runs, last.length);
    const forks = last.flatMap((p) => p.forkP50sNs!).filter((x) => x > 0 && Number.isFinite(x));
    if (forks.length === 0) continue;
    const sorted = [...forks].sort((a, b) => a - b);
    const mid = median(sorted);
    const avg = forks.reduce((a, b) => a + b, 0) / forks.length;
    const sd = forks.length > 1 ? Math.sqrt(forks.reduce((a, x) => a + (x - avg) ** 2, 0) / (forks.length - 1)) : 0;
    baselines[id] = {
      kind: "micro",
      p50: mid,
      p99: sorted.at(-1)!,
      avg,
      min: sorted[0]!,
      sd,
      mad: 1.4826 * median(sorted.map((x) => Math.abs(x - mid))),
      samples: forks.length,
      batched: false,
      forks,
      calibratedAt: last.at(-1)!.recordedAt,
      gitCommit: last.at(-1)!.commit,
    };
  }
  return {
    runs,
    profile: {
      $schema: PROFILE_SCHEMA_URL,
      schemaVersion: PROFILE_SCHEMA_VERSION,
      fingerprint: options.fingerprint,
      calibration: {
        fxperfVersion: "history",
        runtime: options.fingerprint.runtime,
        runtimeVersion: "",
        date: options.now,
        gitCommit: null,
        noiseCv: 0,
      },
      tolerance: options.tolerance,
      baselines,
    },
  };
}
