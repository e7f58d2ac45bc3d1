/**
 * `fxperf init [dir]`: writes a starter project that runs green as is. Never
 * overwrites a file unless --force; --types only refreshes the type declarations.
 */
import { kindOfPath } from "../format/paths.ts";
import { join, resolve } from "node:path";
import { ExitCode, type ExitCodeValue, FxperfError } from "../errors.ts";
import { FXPERF_TYPES } from "../init/fxperf-types.generated.ts";
import { starterFiles } from "../init/templates.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { displayFrom } from "./prepare.ts";
import type { InitSettings } from "./settings.ts";

/** Runs `fxperf init`. */
export async function initCommand(runtime: Runtime, options: InitSettings): Promise<ExitCodeValue> {
  const root = resolve(runtime.cwd(), options.dir);
  const display = displayFrom(runtime);
  const files = starterFiles(FXPERF_TYPES, options.ci).filter(
    (f) => !options.typesOnly || f.path === "types/fxperf.d.ts",
  );
  // Checked before writing anything: a read-only place, or a file where the directory should be,
  // leaves no half-written starter behind.
  const unwritable = await runtime.whyNotWritable(root);
  if (unwritable !== undefined) {
    throw new FxperfError("UNWRITABLE", `Cannot write the starter into "${display(root) || "."}": ${unwritable}`, {
      hint: "choose a writable directory: fxperf init <dir>",
    });
  }
  const blocked = await firstBlockedPath(
    runtime,
    root,
    files.map((f) => f.path),
  );
  if (blocked !== undefined) {
    throw new FxperfError("UNWRITABLE", `Cannot write the starter into "${display(root) || "."}": ${blocked}`, {
      hint: "move it out of the way, or choose another directory: fxperf init <dir>",
    });
  }
  const existing: string[] = [];
  for (const file of files) if ((await runtime.stat(join(root, file.path))) !== undefined) existing.push(file.path);
  if (existing.length > 0 && !options.force && !options.typesOnly) {
    throw new FxperfError("USAGE", `Not overwriting what is already in "${display(root)}": ${existing.join(", ")}`, {
      hint: "pass --force to overwrite them, --types to refresh only types/fxperf.d.ts, or choose another directory",
    });
  }
  for (const file of files) await runtime.writeTextFileAtomic(join(root, file.path), file.text);
  runtime.stdout.write(
    `Wrote ${files.length} file${files.length === 1 ? "" : "s"} to ${display(root) || "."}:\n${files.map((f) => `  ${f.path}`).join("\n")}\n`,
  );
  if (!options.typesOnly)
    runtime.stdout.write(
      `\nNext: cd ${display(root) || "."} && fxperf run spec/   (load specs need wrk; see PERF.md)\nFor the CI job: npm install --save-dev fxperf (it runs npx fxperf)\n`,
    );
  return ExitCode.Ok;
}

/**
 * Why one of `paths` (relative to `root`) cannot be written as a file, checked before anything is
 * written: a directory on the way that is a file (or a device), or a directory where the file goes.
 */
async function firstBlockedPath(runtime: Runtime, root: string, paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const kind = await runtime.stat(join(root, dir));
      if (kind !== undefined && kind !== "directory")
        return `"${dir}" is ${kindOfPath(kind)}, where ${path} needs a directory`;
    }
    const kind = await runtime.stat(join(root, path));
    if (kind === "directory" || kind === "other")
      return `"${path}" is ${kindOfPath(kind)}, where the starter writes a file`;
  }
  return undefined;
}
