#!/usr/bin/env node
// The measuring step of action.yml: runs fxperf (`run` or `ab`) with the action's inputs as an
// argument array, writes the reports the later steps use (fxperf-comment.md for the pull-request
// comment, fxperf-report.html for the artifact, JSON beside them), and records fxperf's exit code
// and what it means in the step's outputs. It exits 0 itself: the action's last step fails the job
// with fxperf's code once the comment and the artifact are out. Plain Node, no dependencies.
import { appendFileSync } from "node:fs";
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

/** The argument array for fxperf from the action's inputs (FXPERF_INPUT_*). */
export function fxperfArgs(env) {
  const command = (env.FXPERF_INPUT_COMMAND || "run").trim();
  if (command !== "run" && command !== "ab") throw new Error(`input "command" is "${command}": expected run or ab`);
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
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `exit-code=${code}\nreason=${reason}\n`);
  process.stdout.write(
    `${code === 0 ? "" : env.GITHUB_ACTIONS ? "::error::" : "error: "}fxperf exit ${code}: ${reason}\n`,
  );
}
