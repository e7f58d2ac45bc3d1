/**
 * The CPU profiles a run or a comparison takes: which specs get them (`--cpu-profile`, or by
 * default those that failed or changed), where the files go, and what happens when profiling
 * fails (a warning on the spec; after a failure that says the runtime cannot profile, none more).
 */
import { join } from "node:path";
import { FxperfError } from "../errors.ts";
import type { ChangeOrder } from "../profiling/what-changed.ts";
import type { ProfileSummary } from "../result/profile-summary.ts";
import { type ProfileSide, profileSpec } from "../run/profile-spec.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { CpuProfileSettings } from "./settings.ts";

/** Takes a spec's profiles when the settings ask for them. */
export interface CpuProfiler {
  /** Whether a spec gets profiles: every one with --cpu-profile, none with --no-cpu-profile, else `changed` ones. */
  wants(changed: boolean): boolean;
  /** The summary, or a warning saying why there is none. */
  take(
    id: string,
    sides: { readonly base?: ProfileSide & { root: string }; readonly head: ProfileSide & { root: string } },
    order?: ChangeOrder,
  ): Promise<{ readonly summary: ProfileSummary } | { readonly warning: string }>;
}

/**
 * Creates the profiler; an explicit `--cpu-profile-dir` that cannot be written is refused now,
 * before anything is measured (exit 6).
 */
export async function createCpuProfiler(
  runtime: Pick<Runtime, "readTextFile" | "cwd" | "writeTextFileAtomic" | "remove">,
  settings: CpuProfileSettings,
  timeoutNs: number,
): Promise<CpuProfiler> {
  if (settings.mode !== "off" && settings.dirGiven) await checkWritable(runtime, settings.dir);
  let offBecause: string | undefined;
  return {
    wants: (changed) => offBecause === undefined && (settings.mode === "all" || (settings.mode === "auto" && changed)),
    async take(id, sides, order) {
      try {
        return { summary: await profileSpec(id, sides, { runtime, dir: settings.dir, timeoutNs, order }) };
      } catch (error) {
        const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
        // A runtime without the profiler fails the same way for every spec: say it once.
        if (/Profiler|inspector/i.test(message)) offBecause = message;
        return {
          warning: `no CPU profile: ${message}${offBecause ? "; CPU profiles are off for the rest of this run" : ""}`,
        };
      }
    },
  };
}

/** Creates `dir` and writes a file in it, or refuses naming the option. */
async function checkWritable(runtime: Pick<Runtime, "writeTextFileAtomic" | "remove">, dir: string): Promise<void> {
  const probe = join(dir, ".fxperf-write-check");
  try {
    await runtime.writeTextFileAtomic(probe, "");
    await runtime.remove(probe);
  } catch (error) {
    throw new FxperfError(
      "OUTPUT_UNWRITABLE",
      `Option "--cpu-profile-dir" is "${dir}": cannot write there (${(error as Error).message})`,
      { hint: "choose a writable directory, or leave the option out for fxperf-profiles/ beside the reports" },
    );
  }
}
