/**
 * The two trees `fxperf ab` compares: the head (the working tree as it is, uncommitted changes
 * included) and the base (a revision checked out into a temporary `git worktree`, removed
 * afterwards). Git runs as a subprocess with argument arrays through the runtime.
 */
import { dirname, join, resolve } from "node:path";
import { FxperfError } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";

type GitRuntime = Pick<Runtime, "spawn">;

/** What a git command printed and how it exited. */
interface GitOutput {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `git args` in `cwd`; a missing git is an error naming it. */
export async function git(runtime: GitRuntime, args: readonly string[], cwd: string): Promise<GitOutput> {
  let done: Awaited<ReturnType<Runtime["spawn"]>["done"]>;
  try {
    done = await runtime.spawn(["git", ...args], { cwd }).done;
  } catch (error) {
    throw new FxperfError(
      "TOOL_MISSING",
      `"fxperf ab --base" needs git, which could not be started: ${String(error)}`,
      {
        hint: "install git, or check out the base revision yourself and pass --base-dir <dir>",
      },
    );
  }
  return { ok: done.exitCode === 0, stdout: done.stdout, stderr: done.stderr.trim() };
}

/** The head tree: the repository around `cwd`, as it is. */
export interface HeadTree {
  /** The repository's root as seen from `cwd` (no symlinks resolved, so paths under `cwd` stay comparable). */
  readonly root: string;
  /** `cwd`'s path inside the repository ("" at its root, else ending in "/"). */
  readonly prefix: string;
  /** The commit checked out, or null in a repository without commits. */
  readonly commit: string | null;
  /** Paths with uncommitted changes (staged, unstaged or untracked), as `git status` names them. */
  readonly changes: readonly string[];
}

/** The git repository around `cwd`, or undefined when `cwd` is not inside one. */
export async function findHeadTree(runtime: GitRuntime, cwd: string): Promise<HeadTree | undefined> {
  const prefix = await git(runtime, ["rev-parse", "--show-prefix"], cwd);
  if (!prefix.ok) return undefined;
  const inside = prefix.stdout.trim();
  const depth = inside.split("/").filter((part) => part !== "").length;
  const root = resolve(cwd, ...Array.from({ length: depth }, () => ".."));
  const commit = await git(runtime, ["rev-parse", "--verify", "--quiet", "HEAD"], cwd);
  const status = await git(runtime, ["status", "--porcelain=v1", "--untracked-files=normal"], cwd);
  const changes = status.ok
    ? status.stdout
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => line.slice(3))
    : [];
  return { root, prefix: inside, commit: commit.ok ? commit.stdout.trim() : null, changes };
}

/** The commit `rev` names in the repository at `root`; exit 2 naming it when there is none. */
export async function resolveRevision(runtime: GitRuntime, root: string, rev: string): Promise<string> {
  if (rev.startsWith("-")) {
    throw new FxperfError("USAGE", `Option "--base" is "${rev}": expected a git revision, not an option`, {
      hint: "for example --base origin/main, --base HEAD~1 or --base v1.2.0",
    });
  }
  const found = await git(runtime, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], root);
  if (!found.ok) {
    throw new FxperfError("USAGE", `Option "--base" is "${rev}": no such commit in the repository at "${root}"`, {
      hint: 'check the name with "git log --oneline"; in CI, fetch it first (a shallow checkout lacks it): git fetch origin main, or actions/checkout with fetch-depth: 0',
    });
  }
  return found.stdout.trim();
}

/** A base tree checked out by fxperf; `remove()` takes it away (and unregisters it from git). */
export interface BaseWorktree {
  readonly dir: string;
  remove(): Promise<void>;
}

/** The file beside a base worktree that names the fxperf process using it. */
const OWNER_FILE = "fxperf-owner.pid";

type WorktreeRuntime = GitRuntime &
  Pick<Runtime, "makeTempDir" | "remove" | "readTextFile" | "writeTextFileAtomic" | "pid" | "isProcessAlive">;

/**
 * Removes base worktrees that an fxperf killed outright (a second Ctrl-C, SIGKILL) left behind:
 * those whose directory is gone, and those beside an owner file naming a process that no longer
 * runs. Returns how many were removed.
 */
export async function removeStaleWorktrees(runtime: WorktreeRuntime, root: string): Promise<number> {
  await git(runtime, ["worktree", "prune"], root);
  const list = await git(runtime, ["worktree", "list", "--porcelain"], root);
  let removed = 0;
  for (const line of list.stdout.split("\n")) {
    if (!line.startsWith("worktree ")) continue;
    const dir = line.slice("worktree ".length);
    if (!/[\\/]fxperf-ab-[^\\/]+[\\/]base$/.test(dir)) continue;
    const parent = dirname(dir);
    const owner = Number((await runtime.readTextFile(join(parent, OWNER_FILE)).catch(() => "")).trim());
    if (Number.isInteger(owner) && owner > 0 && runtime.isProcessAlive(owner)) continue;
    await git(runtime, ["worktree", "remove", "--force", dir], root);
    await runtime.remove(parent);
    removed++;
  }
  return removed;
}

/**
 * Checks `commit` out, detached, into a new temporary directory registered as a git worktree of
 * the repository at `root`, beside a file naming this process. Worktrees a killed fxperf left
 * behind are removed first.
 */
export async function addBaseWorktree(runtime: WorktreeRuntime, root: string, commit: string): Promise<BaseWorktree> {
  await removeStaleWorktrees(runtime, root);
  const parent = await runtime.makeTempDir("fxperf-ab-");
  const dir = join(parent, "base");
  try {
    await runtime.writeTextFileAtomic(join(parent, OWNER_FILE), `${runtime.pid}\n`);
  } catch (error) {
    await runtime.remove(parent).catch(() => {});
    throw new FxperfError("TEMP_DIR", `Cannot prepare the base worktree in "${parent}": ${(error as Error).message}`, {
      hint: "free space in TMPDIR, or set TMPDIR to a writable directory with free space",
    });
  }
  const added = await git(runtime, ["worktree", "add", "--detach", "--quiet", dir, commit], root);
  if (!added.ok) {
    await runtime.remove(parent).catch(() => {});
    await git(runtime, ["worktree", "prune"], root);
    const full = /No space left on device/i.test(added.stderr);
    throw new FxperfError("GIT_FAILED", `git could not check out the base revision ${commit}: ${added.stderr}`, {
      hint: full
        ? "free space in TMPDIR (the base is checked out there), or set TMPDIR to a directory with free space"
        : 'check the repository with "git worktree list" and "git status", or pass --base-dir with a checkout of your own',
    });
  }
  return {
    dir,
    async remove() {
      await git(runtime, ["worktree", "remove", "--force", dir], root);
      await runtime.remove(parent);
      await git(runtime, ["worktree", "prune"], root);
    },
  };
}
