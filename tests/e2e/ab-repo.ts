/**
 * Real git repositories for the `fxperf ab` end-to-end tests: created with the git on PATH,
 * committed with argument arrays, and inspected afterwards (worktrees, temporary directories).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Environment of every git call: no user or system configuration can change what it does. */
const GIT_ENV = {
  PATH: "/usr/bin:/bin",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
  LC_ALL: "C",
};

/** Runs `git args` in `cwd`; throws with git's output when it fails. Returns stdout. */
export function git(cwd: string, args: string[]): string {
  const done = Bun.spawnSync(["git", ...args], { cwd, env: GIT_ENV, stdout: "pipe", stderr: "pipe" });
  if (done.exitCode !== 0) {
    throw new Error(`git ${args.join(" ")} failed in ${cwd} (exit ${done.exitCode}):\n${done.stderr.toString()}`);
  }
  return done.stdout.toString();
}

/** A git repository in a directory of its own. */
export class Repo {
  constructor(readonly dir: string) {}

  /** Creates an empty repository (branch main) in `dir`. */
  static init(dir: string): Repo {
    mkdirSync(dir, { recursive: true });
    git(dir, ["init", "--quiet", "--initial-branch=main"]);
    return new Repo(dir);
  }

  /** Writes `files` (paths relative to the repository) into the working tree. */
  write(files: Record<string, string>): this {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    return this;
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  /** Stages everything (the tests' own files only) and commits; returns the new commit's sha. */
  commit(message: string): string {
    git(this.dir, ["add", "--all"]);
    git(this.dir, ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "--quiet", "--no-gpg-sign", "-m", message]);
    return this.sha("HEAD");
  }

  sha(rev: string): string {
    return git(this.dir, ["rev-parse", "--verify", rev]).trim();
  }

  /** The paths of the repository's registered worktrees (the main one first). */
  worktrees(): string[] {
    return git(this.dir, ["worktree", "list", "--porcelain"])
      .split("\n")
      .filter((line) => line.startsWith("worktree "))
      .map((line) => line.slice("worktree ".length));
  }

  /** `git status --porcelain` of the working tree. */
  status(): string {
    return git(this.dir, ["status", "--porcelain"]);
  }
}

/** Entries of `dir` named like the base trees fxperf ab leaves in TMPDIR (fxperf-ab-XXXX). */
export function abTempDirs(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith("fxperf-ab-"));
}

/** What one micro spec does: loop `trips` times over Math.sqrt, or throw `throws` (a message). */
export type MicroWork = { readonly trips: number } | { readonly throws: string };

/**
 * A spec file with one describePerf block named `group` and one itPerf per entry of `specs`.
 * The trip count is written into the file, so a commit that changes it changes the work.
 */
export function microSpecFile(group: string, specs: Record<string, MicroWork>, preamble = ""): string {
  const body = Object.entries(specs).map(([name, work]) =>
    "throws" in work
      ? `  itPerf(${JSON.stringify(name)}, () => {\n    throw new Error(${JSON.stringify(work.throws)});\n  });`
      : `  itPerf(${JSON.stringify(name)}, () => {\n    let s = 0;\n    for (let i = 0; i < ${work.trips}; i++) s += Math.sqrt(i);\n    return s;\n  });`,
  );
  return [
    'import { describePerf, itPerf } from "fxperf";',
    preamble,
    `describePerf(${JSON.stringify(group)}, () => {`,
    ...body,
    "});",
    "",
  ].join("\n");
}
