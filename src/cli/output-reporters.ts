/**
 * Builds the reporters chosen with --reporter / --perf-report (and the job
 * summary when GITHUB_STEP_SUMMARY is set): each renders the result through the
 * command's documents (documents.ts) and writes it to a file (atomically) or to stdout.
 */
import { resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import type { Documents } from "../report/documents.ts";
import type { Reporter } from "../report/reporter.ts";
import type { ReporterChoice } from "../report/select-reporters.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** What a custom reporter module's default-exported factory receives. */
export interface ReporterContext {
  /** Writes text to the reporter's target (`--reporter ./mod.ts=path`: the first write replaces the file, later ones append), or stdout without one. */
  write(text: string): Promise<void>;
  /** The working directory, for relative paths. */
  readonly cwd: string;
}

/**
 * Writes `text` to stdout ("-") or to `target`, resolved against `cwd`: the working directory when
 * the run started, so a spec or hook that calls process.chdir() does not move the report.
 */
export async function writeReport(runtime: Runtime, cwd: string, target: string, text: string): Promise<void> {
  if (target === "-") return void runtime.stdout.write(text);
  const path = resolve(cwd, target);
  try {
    await runtime.writeTextFileAtomic(path, text);
  } catch (error) {
    throw new FxperfError("USAGE", `Cannot write report "${target}": ${(error as Error).message}`, {
      hint: "choose a writable path with --reporter name=path",
    });
  }
}

/** `promise`, or a rejection once `ms` pass without it settling. */
export function settleInTime<T>(promise: Promise<T>, hook: string, ms = REPORTER_HOOK_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${hook} did not settle within ${ms / 1000} s: fxperf stopped waiting`)),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * The reporter with every hook's failure (a throw or a rejection) renamed to say which reporter
 * failed, and in which hook, so a broken report can be traced.
 */
function named<Run, Spec>(reporter: Reporter<Run, Spec>, name: string, onFail: () => void): Reporter<Run, Spec> {
  const rename = (hook: string, error: unknown) => {
    onFail();
    return new Error(`${name} failed in ${hook}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  };
  const wrapped: Reporter<Run, Spec> = {};
  for (const hook of ["onRunStart", "onSpecStart", "onSpecEnd", "onRunEnd"] as const) {
    const fn = reporter[hook] as ((...args: unknown[]) => unknown) | undefined;
    if (!fn) continue;
    (wrapped as Record<string, unknown>)[hook] = (...args: unknown[]) => {
      try {
        const out = fn.apply(reporter, args);
        return out instanceof Promise
          ? settleInTime(out, hook).catch((error) => Promise.reject(rename(hook, error)))
          : out;
      } catch (error) {
        throw rename(hook, error);
      }
    };
  }
  return wrapped;
}

async function fromModule<Run, Spec>(
  runtime: Runtime,
  cwd: string,
  choice: Extract<ReporterChoice, { kind: "module" }>,
): Promise<Reporter<Run, Spec>> {
  const path = resolve(cwd, choice.module);
  if ((await runtime.stat(path)) !== "file")
    throw new FxperfError("USAGE", `Reporter module "${choice.module}" does not exist (looked for "${path}")`);
  let exports: Record<string, unknown>;
  try {
    exports = await runtime.importModule(path);
  } catch (error) {
    throw new FxperfError("USAGE", `Cannot load reporter module "${choice.module}": ${(error as Error).message}`);
  }
  // The first write creates (or replaces) the target file; later writes in the same run append to it.
  let written = false;
  const target = choice.target ?? "-";
  const context: ReporterContext = {
    write: async (text) => {
      if (target !== "-" && written) return runtime.appendTextFile(resolve(cwd, target), text);
      written = true;
      return writeReport(runtime, cwd, target, text);
    },
    cwd,
  };
  const exported = exports.default;
  const reporter = (
    typeof exported === "function" ? await (exported as (c: ReporterContext) => unknown)(context) : exported
  ) as Reporter<Run, Spec> | undefined;
  const hooks = ["onRunStart", "onSpecStart", "onSpecEnd", "onRunEnd"] as const;
  if (!reporter || typeof reporter !== "object" || !hooks.some((hook) => typeof reporter[hook] === "function")) {
    throw new FxperfError(
      "USAGE",
      `Reporter module "${choice.module}" must export default a reporter (an object with onRunEnd and other hooks) or a function returning one`,
      {
        hint: "see docs/reports.md#custom-reporters",
      },
    );
  }
  return reporter;
}

/**
 * Appends Markdown to the GitHub job summary (`GITHUB_STEP_SUMMARY`, as given and resolved); a
 * failure is a warning, never a failed run: the summary is a courtesy.
 */
export async function appendStepSummary(
  runtime: Pick<Runtime, "appendTextFile" | "stderr">,
  given: string,
  file: string,
  markdown: string,
): Promise<void> {
  try {
    await runtime.appendTextFile(file, markdown);
  } catch (error) {
    runtime.stderr.write(`warning: cannot append to GITHUB_STEP_SUMMARY "${given}": ${(error as Error).message}\n`);
  }
}

/** How a reporter is named in messages: "json=report.json", "./mine.ts". */
function describeChoice(choice: ReporterChoice): string {
  const name = choice.kind === "built-in" ? choice.name : choice.module;
  return choice.target === undefined ? name : `${name}=${choice.target}`;
}

/** Two reporters writing one file (or both to stdout) would lose a report, or mix two: refused. */
function refuseSharedTargets(choices: readonly ReporterChoice[], cwd: string): void {
  const seen = new Map<string, ReporterChoice>();
  for (const choice of choices) {
    const target = choice.target ?? "-";
    const key = target === "-" ? "-" : resolve(cwd, target);
    const earlier = seen.get(key);
    if (earlier) {
      throw new FxperfError(
        "USAGE",
        `Options "--reporter ${describeChoice(earlier)}" and "--reporter ${describeChoice(choice)}" both write ${target === "-" ? "to stdout" : `"${target}"`}: one report would be lost`,
        { hint: "give each reporter its own path, for example --reporter json=perf.json --reporter html=perf.html" },
      );
    }
    seen.set(key, choice);
  }
}

/** How long a custom reporter's hook may take before the run stops waiting for it. */
export const REPORTER_HOOK_TIMEOUT_MS = 30_000;

/**
 * The reporters to run besides the console (and the job summary when GITHUB_STEP_SUMMARY is set), whether one of
 * them claims stdout, and (once they ran) the line saying where the reports that were written went. Every path is resolved now, against the working directory the run starts in.
 */
export async function createOutputReporters<Run, Spec>(
  runtime: Runtime,
  choices: readonly ReporterChoice[],
  githubStepSummary: string | undefined,
  documents: Documents<Run>,
): Promise<{ reporters: Reporter<Run, Spec>[]; locations: () => string; claimsStdout: boolean }> {
  const cwd = runtime.cwd();
  refuseSharedTargets(choices, cwd);
  const reporters: Reporter<Run, Spec>[] = [];
  const failed = new Set<ReporterChoice>();
  for (const choice of choices) {
    const reporter: Reporter<Run, Spec> =
      choice.kind === "built-in"
        ? { onRunEnd: (run) => writeReport(runtime, cwd, choice.target, documents.render(choice.name, run, cwd)) }
        : await fromModule(runtime, cwd, choice);
    const name =
      choice.kind === "built-in"
        ? `the ${choice.name} reporter (${choice.target === "-" ? "stdout" : choice.target})`
        : `reporter module "${choice.module}"`;
    reporters.push(named(reporter, name, () => failed.add(choice)));
  }
  if (githubStepSummary) {
    const summaryFile = resolve(cwd, githubStepSummary);
    reporters.push({
      onRunEnd: (run) =>
        appendStepSummary(runtime, githubStepSummary, summaryFile, documents.render("markdown", run, cwd)),
    });
  }
  return {
    reporters,
    locations: () =>
      reportLocations(
        choices.filter((c) => !failed.has(c)),
        githubStepSummary,
      ),
    claimsStdout: choices.some((c) => c.target === "-" || (c.kind === "module" && c.target === undefined)),
  };
}

/**
 * The line saying where the reports went (files only; stdout is where the user already looks), or "";
 * `choices` are the reporters that did not fail.
 */
function reportLocations(choices: readonly ReporterChoice[], githubStepSummary: string | undefined): string {
  const files = choices.flatMap((c) => (c.target !== undefined && c.target !== "-" ? [c.target] : []));
  if (githubStepSummary) files.push("the job summary (GITHUB_STEP_SUMMARY)");
  return files.length === 0 ? "" : `Reports: ${files.join(", ")}\n`;
}
