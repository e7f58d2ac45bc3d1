/**
 * The base tree's dependencies in `fxperf ab`: the head's `node_modules` serve the base too when
 * both trees lock the same dependencies (a link, removed afterwards); otherwise fxperf stops and
 * says what differs, or, with `--install`, runs the install command of the package manager the
 * lockfile names, in the base tree.
 */
import { dirname, join, relative } from "node:path";
import { FxperfError } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** A package manager fxperf can install the base tree's dependencies with. */
export type PackageManager = "npm" | "bun" | "pnpm" | "yarn";

/** Lockfiles, in the order they are looked for, and the package manager each belongs to. */
export const LOCKFILES: readonly { readonly file: string; readonly manager: PackageManager }[] = [
  { file: "package-lock.json", manager: "npm" },
  { file: "npm-shrinkwrap.json", manager: "npm" },
  { file: "bun.lock", manager: "bun" },
  { file: "bun.lockb", manager: "bun" },
  { file: "pnpm-lock.yaml", manager: "pnpm" },
  { file: "yarn.lock", manager: "yarn" },
];

/** The command that installs exactly what a lockfile says, for each package manager. */
export function installCommand(manager: PackageManager): string[] {
  switch (manager) {
    case "npm":
      return ["npm", "ci"];
    case "bun":
      return ["bun", "install", "--frozen-lockfile"];
    case "pnpm":
      return ["pnpm", "install", "--frozen-lockfile"];
    case "yarn":
      return ["yarn", "install", "--frozen-lockfile"];
  }
}

type DepsRuntime = Pick<Runtime, "stat" | "readTextFile" | "symlink" | "remove" | "spawn" | "which">;

/** The nearest directory from `dir` up to `root` that holds a package.json, or undefined. */
async function findProject(runtime: DepsRuntime, dir: string, root: string): Promise<string | undefined> {
  for (let current = dir; ; current = dirname(current)) {
    if ((await runtime.stat(join(current, "package.json"))) === "file") return current;
    if (current === root || dirname(current) === current || relative(root, current).startsWith("..")) return undefined;
  }
}

const read = (runtime: DepsRuntime, path: string) => runtime.readTextFile(path).catch(() => undefined);

/** How the base tree got its dependencies; `undo()` removes what fxperf added. */
export interface BaseDependencies {
  readonly description: string;
  undo(): Promise<void>;
}

/**
 * Gives the base tree its dependencies. `headCwd` and `baseCwd` are the same directory in each
 * tree; the project is the nearest directory with a package.json up to `headRoot`.
 */
export async function prepareBaseDependencies(
  runtime: DepsRuntime,
  trees: { readonly headRoot: string; readonly headCwd: string; readonly baseRoot: string },
  options: { readonly install: boolean; readonly display: (path: string) => string },
): Promise<BaseDependencies> {
  const nothing = (description: string): BaseDependencies => ({ description, undo: async () => {} });
  const headProject = await findProject(runtime, trees.headCwd, trees.headRoot);
  if (!headProject) return nothing("none needed (no package.json)");
  const baseProject = join(trees.baseRoot, relative(trees.headRoot, headProject));
  const where = relative(trees.headRoot, headProject) || ".";
  if ((await runtime.stat(join(baseProject, "node_modules"))) !== undefined)
    return nothing(`its own node_modules (${where})`);

  const lock = await findLockfile(runtime, headProject, baseProject);
  const manifest = lock?.file ?? "package.json";
  const [headText, baseText] = await Promise.all([
    read(runtime, join(headProject, manifest)),
    read(runtime, join(baseProject, manifest)),
  ]);
  const headModules = join(headProject, "node_modules");
  if (headText === baseText) {
    if ((await runtime.stat(headModules)) !== "directory") return nothing(`none needed (no node_modules in ${where})`);
    const link = join(baseProject, "node_modules");
    await runtime.symlink(headModules, link);
    return {
      description: `the head's node_modules (same ${manifest})`,
      undo: () => runtime.remove(link),
    };
  }
  const differs =
    baseText === undefined
      ? `the base revision has no ${manifest}`
      : headText === undefined
        ? `the working tree has no ${manifest}`
        : `${manifest} differs between the base revision and the working tree`;
  const manager = lock?.manager ?? "npm";
  const command = installCommand(manager);
  if (!options.install) {
    throw new FxperfError("BASE_DEPENDENCIES", `Cannot reuse the head's node_modules for the base tree: ${differs}`, {
      hint: `pass --install to run "${command.join(" ")}" in the base tree, or prepare a checkout with its dependencies installed and pass --base-dir <dir>`,
    });
  }
  if (!runtime.which(command[0]!)) {
    throw new FxperfError(
      "TOOL_MISSING",
      `--install needs ${command[0]} (the lockfile is ${manifest}), which is not on PATH`,
      {
        hint: `install ${command[0]}, or prepare the base checkout yourself and pass --base-dir <dir>`,
      },
    );
  }
  const done = await runtime.spawn(command, { cwd: baseProject }).done;
  if (done.exitCode !== 0) {
    const output = `${done.stdout}${done.stderr}`.trim().split("\n").slice(-15).join("\n");
    throw new FxperfError(
      "INSTALL_FAILED",
      `"${command.join(" ")}" failed in the base tree (${options.display(baseProject)}), exit code ${done.exitCode}:\n${output}`,
      { hint: "prepare the base checkout yourself and pass --base-dir <dir>" },
    );
  }
  return nothing(`installed with "${command.join(" ")}" (${manifest} differs)`);
}

/** The first lockfile either tree has in its project directory. */
async function findLockfile(
  runtime: DepsRuntime,
  headProject: string,
  baseProject: string,
): Promise<(typeof LOCKFILES)[number] | undefined> {
  for (const lock of LOCKFILES) {
    if ((await runtime.stat(join(headProject, lock.file))) === "file") return lock;
    if ((await runtime.stat(join(baseProject, lock.file))) === "file") return lock;
  }
  return undefined;
}
