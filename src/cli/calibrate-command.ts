/**
 * `fxperf calibrate`: measure specs (longer than `run` does), measure the
 * machine's noise, and record baselines for this machine's fingerprint in a
 * profile, atomically, never replacing one silently. The profile is re-read,
 * merged and written under `<profile>.lock`, so concurrent calibrations of one
 * profile lose nothing.
 */
import { kindOfPath } from "../format/paths.ts";
import { dirname, join, resolve } from "node:path";
import * as v from "valibot";
import { ProfileSchema } from "../profiles/schema.ts";
import { ExitCode, type ExitCodeValue, FxperfError, isSystemError } from "../errors.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { measureNoise, NOISY_CV } from "../micro/noise.ts";
import { buildProfile } from "../calibrate/build-profile.ts";
import { findRepoProfileDir, locateUserProfileDir } from "../profiles/load-profiles.ts";
import { profileFileName, REPO_PROFILE_DIR } from "../profiles/locations.ts";
import { parseProfile, renderProfile } from "../profiles/parse-profile.ts";
import { LOCK_WAIT_MS, lockBlocker, withProfileLock } from "../profiles/profile-lock.ts";
import { createColors } from "../report/colors.ts";
import { createConsoleReporter } from "../report/console-reporter.ts";
import { renderCalibration } from "../report/calibration.ts";
import { runSpecs } from "../run/run-specs.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { VERSION } from "../version.ts";
import {
  checkGuard,
  createRunSpecsOptions,
  displayFrom,
  prepareLoad,
  prepareSpecs,
  probeFingerprint,
} from "./prepare.ts";
import { selectShard, specShardView } from "./select-shard.ts";
import type { CalibrateSettings } from "./settings.ts";

/** Hidden command a calibration spawns to measure the reference workload in a fresh process. */
export const NOISE_PROBE_COMMAND = "__noise-probe";

/** Where the profile goes (an absolute path): --out / FXPERF_PROFILE_DIR, --repo, or the user's profile directory. */
async function resolveTargetDir(
  runtime: Runtime,
  settings: CalibrateSettings,
  cwd: string,
): Promise<{ dir: string; kind: string }> {
  if (settings.out) return { dir: settings.out, kind: "--out" };
  if (settings.repo) {
    const found = await findRepoProfileDir(runtime, resolve(cwd, settings.paths[0] ?? "."));
    return { dir: found ?? join(cwd, REPO_PROFILE_DIR), kind: "--repo" };
  }
  if (settings.profileDir) return { dir: settings.profileDir, kind: "FXPERF_PROFILE_DIR" };
  return {
    dir: await locateUserProfileDir(runtime, settings.userProfileDir, cwd, settings.paths[0] ?? "."),
    kind: "this project's folder in the user directory",
  };
}

function unwritableProfile(file: string, kind: string, reason: string): FxperfError {
  return new FxperfError("UNWRITABLE", `Profile "${file}" (${kind}) cannot be written: ${reason}`, {
    hint: "choose a writable directory with --out <dir> (or FXPERF_PROFILE_DIR), or make this one writable",
  });
}

/** Runs `fxperf calibrate`; returns the exit code. */
export async function calibrateCommand(
  runtime: Runtime,
  settings: CalibrateSettings,
  signal: AbortSignal,
): Promise<ExitCodeValue> {
  // The target is fixed (absolute) before any spec code runs: a spec may call process.chdir().
  const cwd = runtime.cwd();
  const display = displayFrom(runtime);
  const fingerprint = await probeFingerprint(runtime);
  const slug = fingerprintSlug(fingerprint);
  const target = await resolveTargetDir(runtime, settings, cwd);
  const file = resolve(cwd, target.dir, profileFileName(slug));
  const prepared = await prepareSpecs(runtime, {
    ...settings,
    passWithNoSpecs: false,
    allowEmptySelection: false,
    signal,
  });
  if (!prepared) return ExitCode.Ok;
  // A shard calibrates its part of the selection; "fxperf merge --profile" puts the parts together.
  const { items: selected } = await selectShard(runtime, settings, prepared.selected, specShardView);
  const c = createColors(settings.color.stdout);
  // A target that cannot be written is found now, not after minutes of measuring (--dry-run too).
  const unwritable = await runtime.whyNotWritable(dirname(file));
  if (unwritable !== undefined) throw unwritableProfile(display(file), target.kind, unwritable);
  const kind = await runtime.stat(file);
  const exists = kind === "file";
  if (kind !== undefined && kind !== "file")
    throw unwritableProfile(display(file), target.kind, `it is ${kindOfPath(kind)}`);
  const blocked = await lockBlocker(runtime, file, display);
  if (blocked) throw blocked;

  if (settings.dryRun) {
    runtime.stdout.write(`Would calibrate ${selected.length} spec${selected.length === 1 ? "" : "s"} on ${slug}:\n`);
    const loadSkipped = settings.load.skipReason !== undefined;
    for (const spec of selected) {
      const skipped = spec.skip
        ? "  (skip: not recorded)"
        : spec.kind === "load" && loadSkipped
          ? "  (load specs skipped: not recorded)"
          : "";
      runtime.stdout.write(`  ${spec.id}${c.dim(skipped)}\n`);
    }
    const mode =
      kind === undefined
        ? "new file"
        : settings.overwrite
          ? "replacing it"
          : settings.append
            ? "adding to it"
            : "exists: needs --overwrite or --append";
    runtime.stdout.write(`and write ${display(file)} (${target.kind}; ${mode}). Nothing was measured.\n`);
    return ExitCode.Ok;
  }
  // Read (and validate) an existing profile before spending minutes measuring; it is read again,
  // under the lock, just before writing.
  const readExisting = async (meanwhile: boolean): Promise<ReturnType<typeof parseProfile> | undefined> => {
    if ((await runtime.stat(file)) !== "file") return undefined;
    if (!settings.overwrite && !settings.append) {
      throw new FxperfError(
        "PROFILE_EXISTS",
        meanwhile
          ? `Profile "${display(file)}" was created by another calibration while this one measured: it is never replaced silently; nothing written`
          : `Profile "${display(file)}" already exists: it is never replaced silently`,
        {
          hint: "pass --append to add or replace the specs measured now and keep the others, or --overwrite to replace the whole file",
        },
      );
    }
    return settings.append
      ? parseProfile(
          await runtime.readTextFile(file),
          display(file),
          `fxperf calibrate ${target.kind === "--repo" ? "--repo " : ""}--overwrite`,
        )
      : undefined;
  };
  await readExisting(false);

  await checkGuard(runtime, settings.allowUnfit);
  const progress = createConsoleReporter(runtime.stderr, runtime.stdout, createColors(settings.color.stderr), cwd);
  runtime.stderr.write(c.dim("Measuring this machine's noise level...\n"));
  const noise = await measureNoise(async () => {
    const child = await runtime.spawnSelf([NOISE_PROBE_COMMAND]);
    const p50 = Number(child.stdout.trim());
    if (signal.aborted)
      throw new FxperfError("INTERRUPTED", "Interrupted while measuring the machine's noise: nothing written");
    if (child.exitCode !== 0 || !(p50 > 0)) {
      throw new FxperfError(
        "TOOL_MISSING",
        `The noise probe ("fxperf ${NOISE_PROBE_COMMAND}") exited with ${child.exitCode} printing "${child.stdout.trim()}"`,
        {
          hint: "run it by hand to see why; calibration needs to start fxperf again in a fresh process",
        },
      );
    }
    return p50;
  });
  const specs = selected;

  const load = await prepareLoad(runtime, settings.load, specs, fingerprint.cores);
  progress.onRunStart?.({ total: specs.length, files: new Set(specs.map((s) => s.file)).size });
  const runOptions = createRunSpecsOptions(
    runtime,
    settings,
    signal,
    load,
    {
      requireBaseline: false,
      limitsFor: (spec) => ({ limits: spec.limits, baseline: undefined }),
      loadLimitsFor: (spec) => ({ limits: spec.limits, baseline: undefined }),
    },
    "calibrate",
    undefined,
    progress,
  );
  // The forks' scratch files go whatever happens to the calibration.
  const { results, interrupted } = await runSpecs(specs, runOptions, runtime, progress).finally(runOptions.dispose);
  if (interrupted) {
    runtime.stdout.write(`Interrupted: nothing written${exists ? `; "${display(file)}" is unchanged` : ""}.\n`);
    return ExitCode.Interrupted;
  }
  const failed = results.filter((r) => r.status !== "PASS" && r.status !== "NO BASELINE" && r.status !== "SKIP");
  const measured = results.filter((r) => r.status === "PASS" || r.status === "NO BASELINE");
  const calibration = {
    fxperfVersion: VERSION,
    runtime: runtime.name,
    runtimeVersion: runtime.version,
    date: runtime.nowIso(),
    gitCommit: await runtime.gitCommit(cwd),
    noiseCv: noise.cv,
  };
  // Under the lock: read what is there now (another calibration may have written it meanwhile),
  // merge, validate (what is written must read back) and replace. The lock goes whatever happens.
  const writeUnderLock = () =>
    withProfileLock(
      runtime,
      file,
      async () => {
        // Interrupted after measuring (or while waiting for the lock): the user aborted this write.
        if (signal.aborted) return undefined;
        const existing = await readExisting(true);
        const profile = buildProfile({
          fingerprint,
          calibration,
          tolerance: existing?.tolerance ?? settings.tolerance,
          results,
          existing,
        });
        const recorded = measured.filter((r) => profile.baselines[r.id] !== undefined).length;
        if (recorded > 0) await runtime.writeTextFileAtomic(file, renderProfile(v.parse(ProfileSchema, profile)));
        return { recorded, kept: existing ? Object.keys(profile.baselines).length - recorded : 0 };
      },
      {
        signal,
        display,
        onWait: (lockFile, holderPid) =>
          runtime.stderr.write(
            `Profile "${display(file)}" is locked by ${holderPid === undefined ? "another process" : `PID ${holderPid}`} ("${display(lockFile)}"): waiting up to ${LOCK_WAIT_MS / 1000} s...\n`,
          ),
      },
    );
  const written = await writeUnderLock().catch((error: unknown) => {
    // The directory was writable when the calibration began; the system refused now (full, read-only).
    throw isSystemError(error) ? unwritableProfile(display(file), target.kind, error.message) : error;
  });
  if (!written) {
    runtime.stdout.write(`Interrupted: nothing written${exists ? `; "${display(file)}" is unchanged` : ""}.\n`);
    return ExitCode.Interrupted;
  }
  runtime.stdout.write(
    renderCalibration(
      {
        results,
        recorded: written.recorded,
        file: written.recorded > 0 ? display(file) : undefined,
        slug,
        noiseCv: noise.cv,
        noisy: noise.cv > NOISY_CV,
        kept: written.kept,
      },
      c,
      cwd,
    ),
  );
  if (failed.length > 0) {
    throw new FxperfError(
      failed.some((r) => r.status === "FAIL") ? "CALIBRATION_FAILED" : "CALIBRATION_ERROR",
      `${failed.length} spec${failed.length === 1 ? "" : "s"} failed or threw and ${failed.length === 1 ? "was" : "were"} not recorded: ${failed.map((r) => `"${r.id}"`).join(", ")}`,
      {
        hint: "fix them (see the errors above) and calibrate again with --append",
      },
    );
  }
  return ExitCode.Ok;
}
