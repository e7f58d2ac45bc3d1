/**
 * `parseSettings()`: an invocation's flags and environment, checked into {@link Settings}. Pure:
 * errors are FxperfErrors (exit 2) naming the flag or variable and what was expected.
 */
import { resolve } from "node:path";
import { parseTolerance, readEnvTolerance, readOverrides, toleranceProblem } from "../env/read-overrides.ts";
import { FxperfError } from "../errors.ts";
import { DEFAULT_GRACE_S } from "../load/wrk-backend.ts";
import { resolveUserProfileDir } from "../profiles/locations.ts";
import { DEFAULT_TOLERANCE } from "../profiles/resolve-limits.ts";
import { AB_DOCUMENTS } from "../report/documents.ts";
import { parseReporterChoices } from "../report/select-reporters.ts";
import { AB_DEFAULT_MAX_TIME_NS } from "../run/run-ab-micro-spec.ts";
import { FORK_DEFAULTS } from "../run/run-forks.ts";
import { DEFAULT_TIMEOUT_NS } from "../run/run-specs.ts";
import { parseGrep } from "../spec/select-specs.ts";
import { parseDuration } from "../units.ts";
import { parseShardSettings } from "../shard/parse-shard.ts";
import {
  parseBaseline,
  parseCpuProfileSettings,
  parseHistoryCommandSettings,
  parseHistorySettings,
  parseMergeSettings,
  withShardFile,
} from "./parse-output-settings.ts";
import type { AbOptions, CalibrateOptions, Invocation, RunOptions } from "./options.ts";
import {
  type AbSettings,
  type CalibrateSettings,
  type Env,
  type LoadSettings,
  type MeasureCommandSettings,
  type ParsedSettings,
  parseColorSettings,
  type SettingsHost,
} from "./settings.ts";

const ENV_TRUE = ["1", "true", "yes"];
const ENV_FALSE = ["0", "false", "no"];

/** Reads an on/off variable: 1/true/yes or 0/false/no (any case); unset or empty is `undefined`. */
export function parseEnvSwitch(env: Env, variable: string, meaning: string): boolean | undefined {
  const raw = env[variable];
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "") return undefined;
  if (ENV_TRUE.includes(value)) return true;
  if (ENV_FALSE.includes(value)) return false;
  throw new FxperfError("USAGE", `${variable}="${raw}": expected 1 (${meaning}) or 0`, {
    hint: `set ${variable} to 1, true, 0 or false, or unset it`,
  });
}

/** Reads a duration option: above zero and at most a day (timers cannot wait past 2^31 - 1 ms, ~24.8 days). */
function parseDurationOption(raw: string, flag: string, examples: string): number {
  const parsed = parseDuration(raw);
  if (!parsed.ok || parsed.value <= 0 || parsed.value > 24 * 3600e9) {
    throw new FxperfError("USAGE", `Option "${flag}" is "${raw}": expected a duration above zero and at most 24h`, {
      hint: `write it with a unit: ${examples}`,
    });
  }
  return parsed.value;
}

/** Reads `--timeout` (default 60 s). */
export function parseTimeoutNs(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_NS;
  return parseDurationOption(raw, "--timeout", "--timeout 30s, --timeout 500ms, --timeout 2m");
}

/** Reads `--max-time` (undefined when not given). */
export function parseMaxTimeNs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  return parseDurationOption(raw, "--max-time", "--max-time 3s, --max-time 10s");
}

/** Reads a whole-number flag of at least `min`. */
function parseCount(
  raw: string | undefined,
  flag: string,
  min: number,
  hint: string,
  max?: number,
): number | undefined {
  if (raw === undefined) return undefined;
  // Decimal digits only: "0x10" and "1e9" are not counts anyone types on purpose.
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new FxperfError("USAGE", `Option "--${flag}" is "${raw}": expected a whole number ${range}`, { hint });
  }
  return value;
}

/** Reads `--tolerance`. */
export function parseToleranceFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseTolerance(raw);
  if (value === undefined)
    throw new FxperfError("USAGE", toleranceProblem('Option "--tolerance"', raw), {
      hint: "for example --tolerance 15% or --tolerance 0.15",
    });
  return value;
}

function parseLoadSettings(options: RunOptions | CalibrateOptions | AbOptions, env: Env): LoadSettings {
  const retries = parseCount(
    "retries" in options ? options.retries : undefined,
    "retries",
    0,
    "for example --retries 2: up to two more attempts for a failing load spec",
  );
  const skipEnv = parseEnvSwitch(env, "FXPERF_SKIP_LOAD", "skip load specs");
  const graceRaw = env.FXPERF_WRK_GRACE;
  const graceS = graceRaw === undefined || graceRaw.trim() === "" ? DEFAULT_GRACE_S : Number(graceRaw);
  if (!(graceS >= 0 && graceS <= 3600))
    throw new FxperfError("USAGE", `FXPERF_WRK_GRACE="${graceRaw}": expected a number of seconds from 0 to 3600`, {
      hint: "for example FXPERF_WRK_GRACE=30, or unset it for the default (10)",
    });
  return {
    skipReason: options.skipLoad
      ? "--skip-load"
      : skipEnv
        ? `FXPERF_SKIP_LOAD=${env.FXPERF_SKIP_LOAD!.trim().toLowerCase()}`
        : undefined,
    wrkOptional: options.wrkOptional,
    retries: retries ?? 0,
    verbose: options.verbose,
    wrkPath: env.FXPERF_WRK || undefined,
    graceS,
  };
}

function parseMeasureSettings(
  options: RunOptions | CalibrateOptions,
  env: Env,
  host: SettingsHost,
): MeasureCommandSettings {
  if (options.grep !== undefined) parseGrep(options.grep);
  return {
    paths: options.paths,
    tags: options.tags,
    skipTags: options.skipTags,
    grep: options.grep,
    allowUnfit: options.allowUnfit,
    heap: options.heap,
    timeoutNs: parseTimeoutNs(options.timeout),
    forks: parseCount(
      options.forks,
      "forks",
      1,
      "for example --forks 3: each spec measured in three fresh processes",
      FORK_DEFAULTS.maxForks,
    ),
    maxTimeNs: parseMaxTimeNs(options.maxTime),
    strict: options.strict || (parseEnvSwitch(env, "FXPERF_STRICT", "strict mode") ?? false),
    load: parseLoadSettings(options, env),
    userProfileDir: resolveUserProfileDir(env, host.platform, host.homeDir),
    color: parseColorSettings(env, host),
    ...parseShardSettings(options, env, host.cwd),
  };
}

function parseRunSettings(options: RunOptions, env: Env, host: SettingsHost): ParsedSettings {
  const measure = parseMeasureSettings(options, env, host);
  const tolerance = parseToleranceFlag(options.tolerance);
  for (const value of options.perfReport) {
    if (!/^json(=|$)/.test(value))
      throw new FxperfError("USAGE", `Option "--perf-report ${value}": only "json" (or "json=path") is supported`, {
        hint: "use --reporter for other formats",
      });
  }
  const reporters = withShardFile(
    parseReporterChoices([...options.reporter, ...options.perfReport]),
    measure.shard,
    "fxperf-shard",
  );
  const { problems, ...overrides } = readOverrides(env);
  if (problems.length > 0) {
    throw new FxperfError(
      "OVERRIDE_INVALID",
      `Invalid environment override${problems.length > 1 ? "s" : ""}:\n  ${problems.join("\n  ")}`,
      { hint: "fix or unset the variable; see docs/profiles.md#overrides" },
    );
  }
  return {
    command: "run",
    ...measure,
    list: options.list,
    passWithNoSpecs: options.passWithNoSpecs,
    requireBaseline: options.requireBaseline,
    tolerance,
    overrides,
    profiles: { env: env.FXPERF_PROFILE || undefined, flag: options.profile || undefined },
    reporters,
    githubStepSummary: env.GITHUB_STEP_SUMMARY || undefined,
    cpuProfile: parseCpuProfileSettings(options, reporters, host.cwd),
    history: parseHistorySettings(options, env, host.cwd),
    baselineRuns: parseBaseline(options.baseline),
  };
}

function parseCalibrateSettings(options: CalibrateOptions, env: Env, host: SettingsHost): CalibrateSettings {
  if (options.overwrite && options.append) {
    throw new FxperfError("USAGE", "Options --overwrite and --append exclude each other: choose one", {
      hint: "--overwrite replaces the whole profile; --append keeps the specs not measured now",
    });
  }
  const measure = parseMeasureSettings(options, env, host);
  return {
    command: "calibrate",
    ...measure,
    tolerance: parseToleranceFlag(options.tolerance) ?? DEFAULT_TOLERANCE,
    repo: options.repo,
    out: options.out ? resolve(host.cwd, options.out) : undefined,
    overwrite: options.overwrite,
    append: options.append,
    dryRun: options.dryRun,
    profileDir: env.FXPERF_PROFILE_DIR ? resolve(host.cwd, env.FXPERF_PROFILE_DIR) : undefined,
  };
}

function parseAbSettings(options: AbOptions, env: Env, host: SettingsHost): AbSettings {
  if ((options.base === undefined) === (options.baseDir === undefined)) {
    throw new FxperfError(
      "USAGE",
      options.base === undefined
        ? '"fxperf ab" needs the base to compare with: give --base <git-rev> or --base-dir <dir>'
        : "Options --base and --base-dir exclude each other: choose one",
      { hint: "for example: fxperf ab --base origin/main" },
    );
  }
  if (options.grep !== undefined) parseGrep(options.grep);
  const { tolerance: envTolerance, problem } = readEnvTolerance(env);
  if (problem) throw new FxperfError("USAGE", problem, { hint: "for example FXPERF_TOLERANCE=5%, or unset it" });
  const reporters = options.reporter.map((raw) => {
    const [choice] = parseReporterChoices([raw]);
    if (choice?.kind !== "built-in")
      throw new FxperfError(
        "USAGE",
        `Option "--reporter ${raw}": "fxperf ab" writes json, junit, markdown and html reports (no custom reporters)`,
        { hint: "for example --reporter json=ab.json --reporter markdown=comment.md" },
      );
    return raw.includes("=") ? choice : { ...choice, target: AB_DOCUMENTS.defaultFiles[choice.name] };
  });
  const sharding = parseShardSettings(options, env, host.cwd);
  return {
    command: "ab",
    paths: options.paths,
    tags: options.tags,
    skipTags: options.skipTags,
    grep: options.grep,
    allowUnfit: options.allowUnfit,
    timeoutNs: parseTimeoutNs(options.timeout),
    tolerance: parseToleranceFlag(options.tolerance) ?? envTolerance?.value,
    forks: parseCount(
      options.forks,
      "forks",
      1,
      "for example --forks 4: four base/head pairs of processes per spec",
      FORK_DEFAULTS.maxForks,
    ),
    maxTimeNs: parseMaxTimeNs(options.maxTime) ?? AB_DEFAULT_MAX_TIME_NS,
    maxTimeGiven: options.maxTime !== undefined,
    strict: options.strict || (parseEnvSwitch(env, "FXPERF_STRICT", "strict mode") ?? false),
    baseRef: options.base,
    baseDir: options.baseDir === undefined ? undefined : resolve(host.cwd, options.baseDir),
    install: options.install,
    paired: !options.separate,
    pinCpus: options.pin,
    load: parseLoadSettings(options, env),
    reporters: withShardFile(reporters, sharding.shard, "fxperf-ab-shard"),
    githubStepSummary: env.GITHUB_STEP_SUMMARY || undefined,
    color: parseColorSettings(env, host),
    ...sharding,
    cpuProfile: parseCpuProfileSettings(options, reporters, host.cwd),
    history: parseHistorySettings(options, env, host.cwd),
  };
}

/**
 * Checks an invocation's flags and the environment variables its command reads
 * and returns them typed. Pure; throws an FxperfError (exit 2) naming the first
 * flag or variable at fault and what was expected.
 */
export function parseSettings(invocation: Invocation, env: Env, host: SettingsHost): ParsedSettings {
  switch (invocation.command) {
    case "help":
    case "version":
      return invocation;
    case "run":
      return parseRunSettings(invocation.options, env, host);
    case "calibrate":
      return parseCalibrateSettings(invocation.options, env, host);
    case "ab":
      return parseAbSettings(invocation.options, env, host);
    case "compare": {
      const { options } = invocation;
      return {
        command: "compare",
        base: options.base,
        head: options.head,
        tolerance: parseToleranceFlag(options.tolerance) ?? DEFAULT_TOLERANCE,
        markdown: options.markdown,
        color: parseColorSettings(env, host),
      };
    }
    case "merge":
      return parseMergeSettings(invocation.options, env, host);
    case "history":
      return parseHistoryCommandSettings(invocation.options, env, host);
    case "profile": {
      const { options } = invocation;
      return {
        command: "profile",
        specId: options.specId,
        paths: options.paths,
        dir: resolve(host.cwd, options.cpuProfileDir ?? "fxperf-profiles"),
        timeoutNs: parseTimeoutNs(options.timeout),
        allowUnfit: options.allowUnfit,
        color: parseColorSettings(env, host),
      };
    }
    case "init": {
      const { ci, ...options } = invocation.options;
      if (ci !== undefined && ci !== "github" && ci !== "gitlab")
        throw new FxperfError("USAGE", `Option "--ci" is "${ci}": expected github or gitlab`, {
          hint: "for example: fxperf init --ci gitlab",
        });
      return { command: "init", ...options, ci: ci ?? "github" };
    }
    case "doctor":
      return { command: "doctor", wrkPath: env.FXPERF_WRK || undefined, color: parseColorSettings(env, host) };
    case "fingerprint":
      return {
        command: "fingerprint",
        json: invocation.options.json,
        userProfileDir: resolveUserProfileDir(env, host.platform, host.homeDir),
      };
  }
}
