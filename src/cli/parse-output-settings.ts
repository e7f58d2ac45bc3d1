/**
 * What a command writes besides its reports, read from its flags: the shard file of a sharded run,
 * where CPU profiles go, and `fxperf merge`'s settings. Pure, like parse-settings.ts.
 */
import { dirname, join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import { BUILT_IN_REPORTERS, parseReporterChoices, type ReporterChoice } from "../report/select-reporters.ts";
import { DEFAULT_HISTORY_FILE, type HistoryTarget } from "../history/store.ts";
import type { Shard } from "../shard/parse-shard.ts";
import { parseTolerance } from "../env/read-overrides.ts";
import { CHANGE_POINT_DEFAULTS } from "../history/change-points.ts";
import { HISTORY_BASELINE_RUNS } from "../history/history-baseline.ts";
import type { HistoryOptions, MergeOptions } from "./options.ts";
import {
  type CpuProfileSettings,
  type Env,
  type HistoryCommandSettings,
  type HistorySettings,
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

/** Reads a history target: a SQLite file (*.sqlite, *.sqlite3, *.db) or a postgres:// URL. */
export function parseHistoryTarget(
  raw: string | true,
  cwd: string,
  source: string | undefined = 'Option "--history"',
): HistoryTarget {
  source ??= 'Option "--history"';
  if (raw === true) return { kind: "sqlite", path: resolve(cwd, DEFAULT_HISTORY_FILE) };
  if (/^postgres(ql)?:\/\//.test(raw)) return { kind: "postgres", url: raw };
  if (/\.(sqlite3?|db)$/i.test(raw)) return { kind: "sqlite", path: resolve(cwd, raw) };
  throw new FxperfError(
    "USAGE",
    `${source} is "${raw}": expected a SQLite file (*.sqlite, *.sqlite3, *.db) or a postgres:// URL`,
    {
      hint: "a spec path after --history is read as its target: put --history after the paths, or write --history=<target>",
    },
  );
}

/** `--history`, `--history-required` and FXPERF_HISTORY ("1" for the default file, or a target). */
export function parseHistorySettings(
  options: { readonly history: string | true | undefined; readonly historyRequired: boolean },
  env: Env,
  cwd: string,
): HistorySettings {
  const fromEnv = env.FXPERF_HISTORY?.trim();
  const raw =
    options.history ??
    (fromEnv === undefined || fromEnv === "" || fromEnv === "0" ? undefined : fromEnv === "1" ? true : fromEnv);
  const target =
    raw === undefined
      ? undefined
      : parseHistoryTarget(raw, cwd, options.history === undefined ? "FXPERF_HISTORY" : undefined);
  if (options.historyRequired && !target) {
    throw new FxperfError("USAGE", 'Option "--history-required" needs a history to record in', {
      hint: "add --history (or set FXPERF_HISTORY)",
    });
  }
  return { target, required: options.historyRequired };
}

/** Reads `fxperf history`'s options. */
export function parseHistoryCommandSettings(
  options: HistoryOptions,
  env: Env,
  host: SettingsHost,
): HistoryCommandSettings {
  const fromEnv = env.FXPERF_HISTORY?.trim();
  const raw = options.history ?? (fromEnv && fromEnv !== "0" && fromEnv !== "1" ? fromEnv : true);
  const last = options.last === undefined ? 100 : Number(options.last);
  if (!Number.isInteger(last) || last < 2)
    throw new FxperfError("USAGE", `Option "--last" is "${options.last}": expected a whole number of at least 2`, {
      hint: "for example --last 50",
    });
  const pValue = options.pValue === undefined ? CHANGE_POINT_DEFAULTS.pValue : Number(options.pValue);
  if (!(pValue > 0 && pValue < 1))
    throw new FxperfError("USAGE", `Option "--p-value" is "${options.pValue}": expected a number between 0 and 1`, {
      hint: "for example --p-value 0.001",
    });
  const minChange =
    options.minChange === undefined ? CHANGE_POINT_DEFAULTS.minChange : parseTolerance(options.minChange);
  if (minChange === undefined)
    throw new FxperfError("USAGE", `Option "--min-change" is "${options.minChange}": expected a percentage`, {
      hint: "for example --min-change 2%",
    });
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since)))
    throw new FxperfError("USAGE", `Option "--since" is "${options.since}": expected a date`, {
      hint: 'for example --since 2026-11-01 or --since "2026-11-01T12:00:00Z"',
    });
  const reporters = parseReporterChoices(options.reporter).map((choice): ReporterChoice => {
    if (choice.kind === "built-in" && choice.name !== "junit" && choice.name !== "shard")
      return choice.target === BUILT_IN_REPORTERS[choice.name]
        ? { ...choice, target: HISTORY_REPORT_FILES[choice.name] }
        : choice;
    throw new FxperfError("USAGE", `Option "--reporter": "fxperf history" writes json, markdown and html`, {
      hint: "for example --reporter html=history.html",
    });
  });
  return {
    command: "history",
    target: parseHistoryTarget(
      raw,
      host.cwd,
      options.history === undefined && raw !== true ? "FXPERF_HISTORY" : undefined,
    ),
    specIds: options.spec,
    branch: options.branch,
    since: options.since === undefined ? undefined : new Date(Date.parse(options.since)).toISOString(),
    last,
    machine: options.machine,
    pValue,
    minChange,
    reporters,
    color: parseColorSettings(env, host),
  };
}

/** `fxperf history`'s default report files. */
const HISTORY_REPORT_FILES: Readonly<Record<"json" | "markdown" | "html", string>> = {
  json: "fxperf-history.json",
  markdown: "fxperf-history.md",
  html: "fxperf-history.html",
};

/** Reads `--baseline history[:n]`: the number of recorded runs, or undefined without the option. */
export function parseBaseline(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^history(?::(\d+))?$/.exec(raw.trim());
  const runs = match ? (match[1] === undefined ? HISTORY_BASELINE_RUNS : Number(match[1])) : Number.NaN;
  if (!(runs >= 1))
    throw new FxperfError(
      "USAGE",
      `Option "--baseline" is "${raw}": expected "history" or "history:<n>" (n runs, at least 1)`,
      {
        hint: "for example --baseline history:10; baselines from profiles need no option",
      },
    );
  return runs;
}
