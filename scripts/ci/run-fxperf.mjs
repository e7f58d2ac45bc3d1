#!/usr/bin/env node
// The measuring step of action.yml: runs fxperf (`run` or `ab`, one shard of it with `shard`, or
// `merge` of the shards' files) with the action's inputs as an argument array, writes the reports
// the later steps use (fxperf-comment.md for the pull-request comment, the HTML report for the
// artifact, JSON beside them), and records fxperf's exit code, what it means and (for a shard) the
// shard file to upload in the step's outputs. It exits 0 itself: the action's last step fails the
// job with fxperf's code once the comment and the artifact are out. Plain Node, no dependencies.
import { appendFileSync, readdirSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** What each exit code of fxperf means (docs/cli.md#exit-codes). */
export const EXIT_REASONS = {
  0: "every spec passed",
  1: "a spec regressed or broke a limit",
  2: "usage or configuration error (a flag, an environment variable, a spec's settings, a profile)",
  3: "the machine was refused (measurement guard) or a tool is missing (wrk, git)",
  4: "a spec stayed undecided under --strict",
  5: "a spec crashed: it threw, timed out, or its file did not load",
  6: "a report could not be written",
  130: "interrupted",
};

/** The shard files a shard job writes (fxperf-shard-2-of-4.json, fxperf-ab-shard-2-of-4.json). */
export const SHARD_FILE = /^fxperf(-ab)?-shard-\d+-of-\d+\.json$/;

/**
 * The shard file this job's fxperf wrote: its name follows from the command and "i/n"; for "auto",
 * the newest shard file here (a leftover from an earlier job on a self-hosted runner is older).
 */
export function writtenShardFile(env, list = readdirSync, mtimeMs = (name) => statSync(name).mtimeMs) {
  const stem = (env.FXPERF_INPUT_COMMAND || "run").trim() === "ab" ? "fxperf-ab-shard" : "fxperf-shard";
  const given = /^(\d+)\/(\d+)$/.exec((env.FXPERF_INPUT_SHARD || "").trim());
  const names = list(".").filter((name) => SHARD_FILE.test(name) && name.startsWith(`${stem}-`));
  if (given) return names.find((name) => name === `${stem}-${given[1]}-of-${given[2]}.json`);
  return names.sort((a, b) => mtimeMs(b) - mtimeMs(a))[0];
}

/** `merge`: every shard file the merge job downloaded into `dir`, in a stable order. */
export function shardFiles(dir, list = readdirSync) {
  let names;
  try {
    names = list(dir);
  } catch {
    throw new Error(`input "shard-dir" is "${dir}": no such directory (did the shard jobs upload their files?)`);
  }
  const files = names.filter((name) => SHARD_FILE.test(name)).sort();
  if (files.length === 0)
    throw new Error(
      `no shard files (fxperf-shard-*-of-*.json, fxperf-ab-shard-*-of-*.json) in "${dir}": did the shard jobs upload their files?`,
    );
  return files.map((name) => join(dir, name));
}

/** The argument array for fxperf from the action's inputs (FXPERF_INPUT_*). */
export function fxperfArgs(env, list = readdirSync) {
  const command = (env.FXPERF_INPUT_COMMAND || "run").trim();
  if (command === "merge") {
    const files = shardFiles(env.FXPERF_INPUT_SHARD_DIR || "fxperf-shards", list);
    // json and html without a path: the merged command's own files (fxperf-report.json or fxperf-ab.json).
    return ["merge", ...files, "--reporter", "markdown=fxperf-comment.md", "--reporter", "json", "--reporter", "html"];
  }
  if (command !== "run" && command !== "ab")
    throw new Error(`input "command" is "${command}": expected run, ab or merge`);
  const paths = (env.FXPERF_INPUT_PATHS || "spec/").split(/\s+/).filter((p) => p !== "");
  const args = [command, ...paths, "--reporter", "markdown=fxperf-comment.md"];
  args.push("--reporter", command === "ab" ? "json=fxperf-ab.json" : "json=fxperf-report.json");
  if (command === "run") args.push("--reporter", "html=fxperf-report.html");
  if (command === "ab") {
    const base = env.FXPERF_INPUT_BASE || (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : "");
    if (!base)
      throw new Error('input "base" is empty and this is not a pull request: give the revision to compare with');
    args.push("--base", base);
  }
  if (env.FXPERF_INPUT_TOLERANCE) args.push("--tolerance", env.FXPERF_INPUT_TOLERANCE);
  if (env.FXPERF_INPUT_STRICT === "true") args.push("--strict");
  if (env.FXPERF_INPUT_SHARD) args.push("--shard", env.FXPERF_INPUT_SHARD.trim());
  return args;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const binary = env.FXPERF_BIN || join(homedir(), ".fxperf", "bin", "fxperf");
  let code;
  try {
    const result = spawnSync(binary, fxperfArgs(env), { stdio: "inherit" });
    code = result.error ? 3 : (result.status ?? 130);
    if (result.error) process.stderr.write(`fxperf could not be started (${binary}): ${result.error.message}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    code = 2;
  }
  const reason = EXIT_REASONS[code] ?? `fxperf exited with ${code}`;
  // A shard job uploads its shard file under a name of its own: the merge job downloads them all.
  const shardFile = env.FXPERF_INPUT_SHARD ? writtenShardFile(env) : undefined;
  const shardOutputs = shardFile ? `shard-file=${shardFile}\nartifact=${shardFile.replace(/\.json$/, "")}\n` : "";
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `exit-code=${code}\nreason=${reason}\n${shardOutputs}`);
  process.stdout.write(
    `${code === 0 ? "" : env.GITHUB_ACTIONS ? "::error::" : "error: "}fxperf exit ${code}: ${reason}\n`,
  );
}
