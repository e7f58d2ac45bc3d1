/**
 * The settings of one invocation: every flag and environment variable, checked and typed before
 * any spec is loaded or measured (in the spirit of hyperfine's `Options::from_cli_arguments`).
 * The types live here; `parseSettings()` (parse-settings.ts) is pure; `readSettings()`
 * (read-settings.ts) adds the checks that need the file system.
 */
import type { EnvOverrides } from "../env/read-overrides.ts";
import { resolveColorEnabled } from "../report/colors.ts";
import type { ReporterChoice } from "../report/select-reporters.ts";
import type { HistoryTarget } from "../history/store.ts";
import type { Shard } from "../shard/parse-shard.ts";

/** The process environment as a plain map. */
export type Env = Readonly<Record<string, string | undefined>>;

/** What the settings step needs to know about the host besides the environment. */
export interface SettingsHost {
  readonly platform: string;
  readonly homeDir: string;
  readonly cwd: string;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

/** Colour on or off per stream (NO_COLOR, FORCE_COLOR, TERM, and whether the stream is a terminal). */
export interface ColorSettings {
  readonly stdout: boolean;
  readonly stderr: boolean;
}

/** How load specs run: --skip-load, --wrk-optional, --retries, --verbose, FXPERF_SKIP_LOAD, FXPERF_WRK, FXPERF_WRK_GRACE. */
export interface LoadSettings {
  /** Why load specs are skipped ("--skip-load", "FXPERF_SKIP_LOAD=1"), or undefined when they run. */
  readonly skipReason: string | undefined;
  /** `--wrk-optional`: a missing wrk skips load specs instead of stopping the run. */
  readonly wrkOptional: boolean;
  /** `--retries`: extra attempts for a failing load spec (0 when not given). */
  readonly retries: number;
  readonly verbose: boolean;
  /** FXPERF_WRK: the wrk binary to use, or undefined for `wrk` on PATH. */
  readonly wrkPath: string | undefined;
  /** FXPERF_WRK_GRACE: seconds wrk may run past its duration. */
  readonly graceS: number;
}

/** `--shard` and `--shard-timings` (run, calibrate, ab). */
export interface ShardSettings {
  /** `--shard i/n` (or `auto`, read from the CI's variables); undefined: the whole selection. */
  readonly shard: Shard | undefined;
  /** `--shard-timings`, as an absolute path. */
  readonly shardTimings: string | undefined;
}

/** `--cpu-profile`, `--no-cpu-profile` and `--cpu-profile-dir` (run, ab). */
export interface CpuProfileSettings {
  /** "auto": specs that fail (run) or changed (ab); "all": every micro spec; "off": none. */
  readonly mode: "auto" | "all" | "off";
  /** Where .cpuprofile files go (absolute). */
  readonly dir: string;
  /** `--cpu-profile-dir` was given: it is checked (and created) before anything is measured. */
  readonly dirGiven: boolean;
}

/** `--history`, `--history-required`, FXPERF_HISTORY (run, ab). */
export interface HistorySettings {
  /** Where to record, or undefined when not recording. */
  readonly target: HistoryTarget | undefined;
  readonly required: boolean;
}

/** What `run` and `calibrate` share. */
export interface MeasureCommandSettings extends ShardSettings {
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  readonly skipTags: readonly string[];
  readonly grep: string | undefined;
  readonly allowUnfit: boolean;
  readonly heap: boolean;
  /** `--timeout` (default 60 s). */
  readonly timeoutNs: number;
  /** `--forks <n>`: forks measured per spec before the first decision (run) or recorded (calibrate); undefined: the spec's .forks() or the default. */
  readonly forks: number | undefined;
  /** `--max-time <duration>`: a spec's time budget in run, adaptive forks included; undefined: the default (3 s). */
  readonly maxTimeNs: number | undefined;
  /** `--strict` or FXPERF_STRICT=1 (default false): an undecided spec fails the run with exit 4. */
  readonly strict: boolean;
  readonly load: LoadSettings;
  /** The user profile directory (XDG_CONFIG_HOME, APPDATA or ~/.fxperf/profiles). */
  readonly userProfileDir: string;
  readonly color: ColorSettings;
}

/** Profile files a run was pointed at, found on disk by `readSettings()`. */
export interface ProfileFiles {
  /** FXPERF_PROFILE, as an absolute path. */
  readonly envFile: string | undefined;
  /** `--profile`, as given (a name or a path). */
  readonly flag: string | undefined;
  /** The file `--profile` names, as an absolute path. */
  readonly flagFile: string | undefined;
}

/** Settings of `fxperf run`. */
export interface RunSettings extends MeasureCommandSettings {
  readonly command: "run";
  readonly list: boolean;
  readonly passWithNoSpecs: boolean;
  readonly requireBaseline: boolean;
  /** `--tolerance`, as a fraction. */
  readonly tolerance: number | undefined;
  /** FXPERF_TOLERANCE and FXPERF_OVERRIDE_* (without problems: those were refused). */
  readonly overrides: Omit<EnvOverrides, "problems">;
  readonly profiles: ProfileFiles;
  /** `--reporter` and `--perf-report`. */
  readonly reporters: readonly ReporterChoice[];
  /** GITHUB_STEP_SUMMARY: a file the Markdown summary is appended to. */
  readonly githubStepSummary: string | undefined;
  readonly cpuProfile: CpuProfileSettings;
  readonly history: HistorySettings;
  /** `--baseline history[:n]`: the last n recorded runs of main as the baseline, or undefined (profiles). */
  readonly baselineRuns: number | undefined;
}

/** Settings of `fxperf calibrate`. */
export interface CalibrateSettings extends MeasureCommandSettings {
  readonly command: "calibrate";
  /** `--tolerance`, or the default, stored in a new profile. */
  readonly tolerance: number;
  readonly repo: boolean;
  /** `--out`, as an absolute path. */
  readonly out: string | undefined;
  readonly overwrite: boolean;
  readonly append: boolean;
  readonly dryRun: boolean;
  /** FXPERF_PROFILE_DIR, as an absolute path. */
  readonly profileDir: string | undefined;
}

/** Settings of `fxperf ab`. */
export interface AbSettings
  extends Pick<
    MeasureCommandSettings,
    | "paths"
    | "tags"
    | "skipTags"
    | "grep"
    | "allowUnfit"
    | "timeoutNs"
    | "strict"
    | "load"
    | "color"
    | "shard"
    | "shardTimings"
  > {
  readonly command: "ab";
  /** `--tolerance`, else FXPERF_TOLERANCE, as a fraction; undefined: the spec's, else the default (2%). */
  readonly tolerance: number | undefined;
  /** `--forks`: pairs before the first decision; undefined: the spec's .forks() or the default (6). */
  readonly forks: number | undefined;
  /** `--max-time`: a spec's budget, both sides together (default 6 s). */
  readonly maxTimeNs: number;
  /** `--max-time` was given: the budget then caps the fixed pairs too (run-forks.ts, budgetFloor). */
  readonly maxTimeGiven: boolean;
  /** `--base`: the revision to check out, or undefined with `--base-dir`. */
  readonly baseRef: string | undefined;
  /** `--base-dir`, as an absolute path. */
  readonly baseDir: string | undefined;
  readonly install: boolean;
  /** Measure base and head side by side in each fork (false with `--separate`). */
  readonly paired: boolean;
  /** Load specs: wrk on one CPU and the servers on the others (false with `--no-pin`; load/placement.ts). */
  readonly pinCpus: boolean;
  /** `--reporter` (json and markdown). */
  readonly reporters: readonly ReporterChoice[];
  readonly githubStepSummary: string | undefined;
  readonly cpuProfile: CpuProfileSettings;
  readonly history: HistorySettings;
}

/** Settings of `fxperf history`. */
export interface HistoryCommandSettings {
  readonly command: "history";
  readonly target: HistoryTarget;
  readonly specIds: readonly string[];
  /** `--branch`; undefined: the current branch. */
  readonly branch: string | undefined;
  readonly since: string | undefined;
  readonly last: number;
  /** `--machine`; undefined: this machine's slug. */
  readonly machine: string | undefined;
  readonly pValue: number;
  readonly minChange: number;
  readonly reporters: readonly ReporterChoice[];
  readonly color: ColorSettings;
}

/** Settings of `fxperf profile`. */
export interface ProfileSettings {
  readonly command: "profile";
  readonly specId: string;
  readonly paths: readonly string[];
  /** Where the .cpuprofile goes (absolute). */
  readonly dir: string;
  readonly timeoutNs: number;
  readonly allowUnfit: boolean;
  readonly color: ColorSettings;
}

/** Settings of `fxperf compare`. */
export interface CompareSettings {
  readonly command: "compare";
  readonly base: string;
  readonly head: string;
  readonly tolerance: number;
  readonly markdown: boolean;
  readonly color: ColorSettings;
}

/** Settings of `fxperf merge`. */
export interface MergeSettings {
  readonly command: "merge";
  /** The files to merge, as given (relative to the working directory). */
  readonly files: readonly string[];
  /** `--profile`: the files are partial profiles. */
  readonly profiles: boolean;
  /** `--out`, as an absolute path. */
  readonly out: string | undefined;
  readonly overwrite: boolean;
  /** `--reporter`, checked; a built-in without "=path" gets the merged command's default file. */
  readonly reporters: readonly ReporterChoice[];
  readonly githubStepSummary: string | undefined;
  readonly color: ColorSettings;
}

/** Settings of `fxperf init`. */
export interface InitSettings {
  readonly command: "init";
  readonly dir: string;
  readonly force: boolean;
  readonly typesOnly: boolean;
  /** `--ci`: the CI job the starter holds. */
  readonly ci: "github" | "gitlab";
}

/** Settings of `fxperf doctor`. */
export interface DoctorSettings {
  readonly command: "doctor";
  /** FXPERF_WRK. */
  readonly wrkPath: string | undefined;
  readonly color: ColorSettings;
}

/** Settings of `fxperf fingerprint`. */
export interface FingerprintSettings {
  readonly command: "fingerprint";
  readonly json: boolean;
  readonly userProfileDir: string;
}

/** Everything one invocation asked for, checked and typed. */
export type Settings =
  | RunSettings
  | CalibrateSettings
  | AbSettings
  | CompareSettings
  | MergeSettings
  | ProfileSettings
  | HistoryCommandSettings
  | InitSettings
  | DoctorSettings
  | FingerprintSettings
  | { readonly command: "help"; readonly text: string }
  | { readonly command: "version" };

/** What `parseSettings()` returns: the run settings wait for `readSettings()` to find their profile files. */
export type ParsedSettings =
  | Exclude<Settings, RunSettings>
  | (Omit<RunSettings, "profiles"> & { profiles: ProfileRequest });

/** The profiles a run asks for, before they are looked up. */
export interface ProfileRequest {
  /** FXPERF_PROFILE, as given. */
  readonly env: string | undefined;
  /** `--profile`, as given. */
  readonly flag: string | undefined;
}

/** Colour per stream from NO_COLOR, FORCE_COLOR and TERM. */
export function parseColorSettings(env: Env, host: Pick<SettingsHost, "stdoutIsTTY" | "stderrIsTTY">): ColorSettings {
  return { stdout: resolveColorEnabled(env, host.stdoutIsTTY), stderr: resolveColorEnabled(env, host.stderrIsTTY) };
}
