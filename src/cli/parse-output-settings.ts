/**
 * What a command writes besides its reports, read from its flags: the shard file of a sharded run,
 * where CPU profiles go, and `fxperf merge`'s settings. Pure, like parse-settings.ts.
 */
import { dirname, join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import { parseReporterChoices, type ReporterChoice } from "../report/select-reporters.ts";
import type { Shard } from "../shard/parse-shard.ts";
import type { MergeOptions } from "./options.ts";
import {
  type CpuProfileSettings,
  type Env,
  type MergeSettings,
  parseColorSettings,
  type SettingsHost,
} from "./settings.ts";

/** `--cpu-profile`, `--no-cpu-profile`, `--cpu-profile-dir`: by default "fxperf-profiles" beside the first report file. */
export function parseCpuProfileSettings(
  options: { readonly cpuProfile: boolean | undefined; readonly cpuProfileDir: string | undefined },
  reporters: readonly ReporterChoice[],
  cwd: string,
): CpuProfileSettings {
  const report = reporters.find((r) => r.target !== undefined && r.target !== "-")?.target;
  const beside = report === undefined ? cwd : dirname(resolve(cwd, report));
  return {
    mode: options.cpuProfile === true ? "all" : options.cpuProfile === false ? "off" : "auto",
    dir: options.cpuProfileDir === undefined ? join(beside, "fxperf-profiles") : resolve(cwd, options.cpuProfileDir),
    dirGiven: options.cpuProfileDir !== undefined,
  };
}

/**
 * The reporters with a shard file added when `--shard` is given and none was chosen: named after
 * the shard ("fxperf-shard-2-of-4.json"), so the files of a matrix can be collected side by side.
 */
export function withShardFile(reporters: ReporterChoice[], shard: Shard | undefined, stem: string): ReporterChoice[] {
  if (!shard || reporters.some((r) => r.kind === "built-in" && r.name === "shard")) return reporters;
  return [...reporters, { kind: "built-in", name: "shard", target: `${stem}-${shard.index}-of-${shard.total}.json` }];
}

/** Reads `fxperf merge`'s options: files to merge, and where the merged result or profile goes. */
export function parseMergeSettings(options: MergeOptions, env: Env, host: SettingsHost): MergeSettings {
  if (options.files.length === 0) {
    throw new FxperfError("USAGE", '"fxperf merge" needs the files to merge', {
      hint: "for example: fxperf merge fxperf-shard-*.json --reporter json, or fxperf merge --profile shard-*/*.json --out perf-profiles",
    });
  }
  if (options.profiles && options.out === undefined) {
    throw new FxperfError("USAGE", '"fxperf merge --profile" needs --out <dir>: where the merged profile goes', {
      hint: "for example --out perf-profiles (the repository's profiles, to commit)",
    });
  }
  if (!options.profiles && (options.out !== undefined || options.overwrite)) {
    throw new FxperfError(
      "USAGE",
      `Option "${options.out !== undefined ? "--out" : "--overwrite"}" applies to "fxperf merge --profile" only`,
      { hint: "merging shard files writes reports: choose them with --reporter json=path" },
    );
  }
  if (options.profiles && options.reporter.length > 0) {
    throw new FxperfError(
      "USAGE",
      'Option "--reporter" does not apply to "fxperf merge --profile": it writes a profile',
      {
        hint: "merge shard files (without --profile) to write reports",
      },
    );
  }
  return {
    command: "merge",
    files: options.files,
    profiles: options.profiles,
    out: options.out === undefined ? undefined : resolve(host.cwd, options.out),
    overwrite: options.overwrite,
    reporters: parseReporterChoices(options.reporter).map((choice) => {
      if (choice.kind === "built-in") return choice;
      throw new FxperfError(
        "USAGE",
        `Option "--reporter ${choice.module}": "fxperf merge" writes json, junit, markdown, html and shard reports (no custom reporters)`,
        { hint: "for example --reporter json --reporter markdown=comment.md" },
      );
    }),
    githubStepSummary: env.GITHUB_STEP_SUMMARY || undefined,
    color: parseColorSettings(env, host),
  };
}
