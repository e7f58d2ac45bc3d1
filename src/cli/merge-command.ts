/**
 * `fxperf merge`: the shard files of one sharded `run` or `ab` into one result, written by every
 * reporter a single run writes (console summary, JSON, JUnit, Markdown, HTML, the job summary),
 * with the exit code the unsharded run would have had. With `--profile`: partial profiles from
 * `calibrate --shard` into one profile.
 */
import { join, resolve } from "node:path";
import * as v from "valibot";
import { type ExitCodeValue, ExitCode, FxperfError } from "../errors.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { profileFileName } from "../profiles/locations.ts";
import { mergeProfiles } from "../profiles/merge-profiles.ts";
import { parseProfile, renderProfile } from "../profiles/parse-profile.ts";
import { ProfileSchema } from "../profiles/schema.ts";
import { createAbConsoleReporter } from "../report/ab-console-reporter.ts";
import { createColors } from "../report/colors.ts";
import { createConsoleReporter } from "../report/console-reporter.ts";
import { AB_DOCUMENTS, RUN_DOCUMENTS } from "../report/documents.ts";
import { combineReporters, type Reporter } from "../report/reporter.ts";
import { BUILT_IN_REPORTERS, type ReporterChoice } from "../report/select-reporters.ts";
import { abResultExitCode, runResultExitCode } from "../result/exit-code.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { mergeShards, type Merged } from "../shard/merge-results.ts";
import { formatShard } from "../shard/parse-shard.ts";
import { parseShardFile } from "../shard/shard-file.ts";
import { createOutputReporters } from "./output-reporters.ts";
import { displayFrom } from "./prepare.ts";
import type { MergeSettings } from "./settings.ts";

/** Runs `fxperf merge`; returns the exit code. */
export async function mergeCommand(runtime: Runtime, settings: MergeSettings): Promise<ExitCodeValue> {
  if (settings.profiles) return mergeProfileFiles(runtime, settings);
  const shards = [];
  for (const file of settings.files)
    shards.push({ name: file, file: parseShardFile(await read(runtime, file, "shard file"), file) });
  const merged = mergeShards(shards);
  const specs = merged.result.specs.length;
  runtime.stderr.write(
    `Merged ${shards.length} shard file${shards.length === 1 ? "" : "s"} of "fxperf ${merged.command}": ${specs} result${specs === 1 ? "" : "s"}\n`,
  );
  for (const shard of merged.missing) {
    const ids = shard.specs.map((s) => `"${s.id}"`);
    runtime.stderr.write(
      `warning: shard ${formatShard(shard)} did not report: its ${shard.specs.length} spec${shard.specs.length === 1 ? "" : "s"} count as errors (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", ..." : ""})\n`,
    );
  }
  return report(runtime, settings, merged);
}

/** Writes the merged result through the console and the chosen reporters; returns the exit code. */
async function report(runtime: Runtime, settings: MergeSettings, merged: Merged): Promise<ExitCodeValue> {
  const cwd = runtime.cwd();
  const choices = settings.reporters.map((choice) => defaultTarget(choice, merged.command));
  let reportFailed = false;
  const onError = (error: unknown) => {
    reportFailed = true;
    runtime.stderr.write(`error: a reporter failed: ${error instanceof Error ? error.message : String(error)}\n`);
  };
  const claimsStdout = choices.some((c) => c.target === "-");
  const summary = claimsStdout ? runtime.stderr : runtime.stdout;
  const progressColors = createColors(settings.color.stderr);
  const summaryColors = createColors(claimsStdout ? settings.color.stderr : settings.color.stdout);
  if (merged.command === "run") {
    const outputs = await createOutputReporters(runtime, choices, settings.githubStepSummary, RUN_DOCUMENTS);
    const console = createConsoleReporter(runtime.stderr, summary, progressColors, cwd, summaryColors);
    await combineReporters([console, ...outputs.reporters], onError).onRunEnd?.(merged.result);
    runtime.stderr.write(outputs.locations());
    return runResultExitCode(merged.result, reportFailed);
  }
  const outputs = await createOutputReporters(runtime, choices, settings.githubStepSummary, AB_DOCUMENTS);
  const console: Reporter<typeof merged.result, (typeof merged.result.specs)[number]> = createAbConsoleReporter(
    runtime.stderr,
    summary,
    progressColors,
    summaryColors,
  );
  await combineReporters([console, ...outputs.reporters], onError).onRunEnd?.(merged.result);
  runtime.stderr.write(outputs.locations());
  return abResultExitCode(merged.result, reportFailed);
}

/** A built-in reporter given without "=path" writes the merged command's own default file. */
function defaultTarget(choice: ReporterChoice, command: Merged["command"]): ReporterChoice {
  if (choice.kind !== "built-in" || command === "run" || choice.target !== BUILT_IN_REPORTERS[choice.name])
    return choice;
  return { ...choice, target: AB_DOCUMENTS.defaultFiles[choice.name] };
}

/** `merge --profile`: partial profiles into one, written atomically to `--out`. */
async function mergeProfileFiles(runtime: Runtime, settings: MergeSettings): Promise<ExitCodeValue> {
  const display = displayFrom(runtime);
  const files = [];
  for (const file of settings.files)
    files.push({ name: file, profile: parseProfile(await read(runtime, file, "profile"), file) });
  const profile = mergeProfiles(files, settings.overwrite);
  const target = join(settings.out!, profileFileName(fingerprintSlug(profile.fingerprint)));
  if ((await runtime.stat(target)) !== undefined && !settings.overwrite) {
    throw new FxperfError(
      "PROFILE_EXISTS",
      `Profile "${display(target)}" already exists: it is never replaced silently`,
      {
        hint: "pass --overwrite to replace it, or choose another --out",
      },
    );
  }
  await runtime.writeTextFileAtomic(target, renderProfile(v.parse(ProfileSchema, profile)));
  const count = Object.keys(profile.baselines).length;
  runtime.stdout.write(
    `Merged ${files.length} profile${files.length === 1 ? "" : "s"}: ${count} baseline${count === 1 ? "" : "s"} written to "${display(target)}"\n`,
  );
  return ExitCode.Ok;
}

/** The text of `file` (relative to the working directory); a missing file is a usage error naming it. */
async function read(runtime: Runtime, file: string, what: string): Promise<string> {
  const path = resolve(runtime.cwd(), file);
  if ((await runtime.stat(path)) !== "file") {
    throw new FxperfError("USAGE", `Cannot read ${what} "${file}": no such file`, {
      hint: "check the path; in CI, that every shard job uploaded its file and the merge job downloaded them all",
    });
  }
  return runtime.readTextFile(path);
}
