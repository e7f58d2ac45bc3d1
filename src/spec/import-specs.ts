/**
 * Loads spec files through the runtime, collecting what their DSL calls record,
 * and validates every spec. A file that fails to load and a spec with a bad
 * setting are both problems; all of them are reported together.
 */
import { lineInStack, startCollecting, stopCollecting } from "../dsl/collector.ts";
import { flattenSpecs } from "../dsl/plan.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { ResolvedSpec, SpecProblem } from "./resolved.ts";
import { checkFasterThan, expandArgs } from "./expand-args.ts";
import { resolveSpec } from "./resolve-spec.ts";

/** How the problem of a file whose import threw begins (a crash, not a wrong setting). */
export const LOAD_FAILURE_PREFIX = "cannot load spec file:";

/** Specs loaded from files, and every problem found. */
export interface ImportedSpecs {
  readonly specs: ResolvedSpec[];
  readonly problems: SpecProblem[];
}

/** Where in `file` an error thrown while loading it points, when it says. */
export function locateLoadError(error: unknown, file: string): number | undefined {
  const position = (error as { position?: { line?: unknown } } | null)?.position;
  if (typeof position?.line === "number") return position.line;
  // Bun gives every Error the line where it was created, with `sourceURL`: that is the spec
  // file's line only when the error was made there (not in fxperf, or a module the file imports).
  const { line, sourceURL } = (error ?? {}) as { line?: unknown; sourceURL?: unknown };
  if (typeof line === "number" && typeof sourceURL === "string" && sourceURL.endsWith(file)) return line;
  return lineInStack(error instanceof Error ? (error.stack ?? "") : "", file);
}

function messageOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  const text = (error as { message?: unknown } | null)?.message;
  if (typeof text !== "string") return String(error);
  // Bun reports syntax and resolution errors as BuildMessage / ResolveMessage objects.
  if (name === "BuildMessage") return `syntax error: ${text}`;
  if (name === "ResolveMessage" || name === "Error" || typeof name !== "string") return text;
  return `${name}: ${text}`;
}

const NO_SPEC_HINT =
  "call itPerf() or loadPerf() at its top level or inside describePerf(), or rename or remove the file";

/** Why a file that recorded no spec contributes nothing: it is empty, or its code declares none. */
async function noSpecMessage(runtime: Partial<Pick<Runtime, "readTextFile">>, file: string): Promise<string> {
  const text = await runtime.readTextFile?.(file).catch(() => undefined);
  return text !== undefined && text.trim() === ""
    ? `is empty: it defines no spec; ${NO_SPEC_HINT}`
    : `defines no spec: ${NO_SPEC_HINT}`;
}

/** Imports each file in order and resolves its specs; a file that defines no spec (or is empty) is a problem. */
export async function importSpecs(
  runtime: Pick<Runtime, "importSpecFile"> & Partial<Pick<Runtime, "readTextFile">>,
  files: readonly string[],
): Promise<ImportedSpecs> {
  const specs: ResolvedSpec[] = [];
  const problems: SpecProblem[] = [];
  for (const file of files) {
    const root = startCollecting(file);
    try {
      await runtime.importSpecFile(file);
    } catch (error) {
      problems.push({
        file,
        line: locateLoadError(error, file),
        specId: "",
        message: `${LOAD_FAILURE_PREFIX} ${messageOf(error)}`,
      });
      continue;
    } finally {
      stopCollecting();
    }
    const plans = flattenSpecs(root);
    if (plans.length === 0)
      problems.push({ file, line: undefined, specId: "", message: await noSpecMessage(runtime, file) });
    const fileSpecs: ResolvedSpec[] = [];
    for (const plan of plans) {
      const resolved = resolveSpec(plan);
      if (!resolved.spec) {
        problems.push(...resolved.problems);
        continue;
      }
      for (const spec of resolved.spec.kind === "micro" ? expandArgs(resolved.spec) : [resolved.spec]) {
        const problem = addUnique(specs, spec, file, plan.line);
        if (problem) problems.push(problem);
        else fileSpecs.push(spec);
      }
    }
    problems.push(...checkFasterThan(fileSpecs));
  }
  return { specs, problems };
}

/** Adds `spec` unless another has its id; returns the problem then. */
function addUnique(
  specs: ResolvedSpec[],
  spec: ResolvedSpec,
  file: string,
  line: number | undefined,
): SpecProblem | undefined {
  const twin = specs.find((s) => s.id === spec.id);
  if (twin) {
    const where = twin.line === undefined ? twin.file : `${twin.file}:${twin.line}`;
    return {
      file,
      line,
      specId: spec.id,
      message: `duplicate spec id, also declared at ${where}: ids must be unique`,
    };
  }
  specs.push(spec);
  return undefined;
}
