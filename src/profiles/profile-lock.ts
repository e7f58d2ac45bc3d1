/**
 * The lock a calibration holds while it reads, merges and writes a profile:
 * `<profile>.lock` beside it, created exclusively, holding the owner's PID. A
 * lock whose PID no longer runs (a calibration killed outright) is taken over.
 */
import { kindOfPath } from "../format/paths.ts";
import { FxperfError } from "../errors.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** What taking a lock needs from the runtime. */
export type LockRuntime = Pick<
  Runtime,
  "pid" | "createFileExclusive" | "readTextFile" | "remove" | "isProcessAlive" | "sleep" | "nowNs" | "stat"
>;

/** How long to wait for a lock another process holds, and how often to look again. */
export interface LockOptions {
  /** Default 60 s. */
  readonly waitMs?: number;
  /** Default 250 ms. */
  readonly pollMs?: number;
  /** Called once, when the lock is held by a running process and the wait begins. */
  readonly onWait?: (lockFile: string, holderPid: number | undefined) => void;
  /** Stops the wait (SIGINT). */
  readonly signal?: AbortSignal;
  /** How paths appear in messages. */
  readonly display?: (path: string) => string;
}

/** The default wait for a held lock. */
export const LOCK_WAIT_MS = 60_000;

/** The lock file for `file`. */
export function lockFileFor(file: string): string {
  return `${file}.lock`;
}

/**
 * The error when `file`'s lock path is taken by something that cannot be a lock (a directory, a
 * device), which no waiting would free; undefined when it is absent or a file. Calibrate asks before
 * measuring (`--dry-run` too).
 */
export async function lockBlocker(
  runtime: Pick<Runtime, "stat">,
  file: string,
  display: (path: string) => string = (path) => path,
): Promise<FxperfError | undefined> {
  const lockFile = lockFileFor(file);
  const kind = await runtime.stat(lockFile);
  if (kind === undefined || kind === "file") return undefined;
  return new FxperfError(
    "PROFILE_LOCKED",
    `Cannot lock profile "${display(file)}": "${display(lockFile)}" is ${kindOfPath(kind)}, not a lock file`,
    { hint: `remove "${display(lockFile)}" (a calibration's lock is a file holding its PID), then calibrate again` },
  );
}

/** Reads the PID a lock file holds; undefined when it holds none (or is gone). */
async function readHolder(
  runtime: LockRuntime,
  lockFile: string,
): Promise<{ pid: number | undefined; text: string } | undefined> {
  let text: string;
  try {
    text = await runtime.readTextFile(lockFile);
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, text };
}

/**
 * Takes the lock for `file` (waiting up to `waitMs` while a running process holds it) and returns
 * the function that releases it. Throws FxperfError (exit 3) naming the lock file and its holder
 * when the wait runs out, and INTERRUPTED when `signal` aborts the wait.
 */
export async function acquireProfileLock(
  runtime: LockRuntime,
  file: string,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const lockFile = lockFileFor(file);
  const display = options.display ?? ((path: string) => path);
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const pollMs = options.pollMs ?? 250;
  const startedNs = runtime.nowNs();
  const own = `${runtime.pid}\n`;
  let waiting = false;
  for (;;) {
    if (await runtime.createFileExclusive(lockFile, own)) {
      return async () => {
        // Remove it only while it is still ours (never a lock another process took over).
        const holder = await readHolder(runtime, lockFile);
        if (holder?.pid === runtime.pid) await runtime.remove(lockFile);
      };
    }
    const holder = await readHolder(runtime, lockFile);
    if (holder === undefined) {
      // Released between the create and the read: try again, after a pause and within the wait.
      // A lock that cannot be created nor read (a directory by that name) would otherwise spin;
      // one that is not a file cannot be a lock at all: said at once.
      const blocked = await lockBlocker(runtime, file, display);
      if (blocked) throw blocked;
      if ((runtime.nowNs() - startedNs) / 1e6 >= waitMs) {
        throw new FxperfError(
          "PROFILE_LOCKED",
          `Cannot lock profile "${display(file)}": "${display(lockFile)}" can be neither created nor read`,
          { hint: `remove "${display(lockFile)}" if no calibration runs, then calibrate again` },
        );
      }
      if (options.signal?.aborted)
        throw new FxperfError("INTERRUPTED", `Interrupted while waiting for the lock "${display(lockFile)}"`);
      await runtime.sleep(pollMs);
      continue;
    }
    if (holder.pid !== undefined && !runtime.isProcessAlive(holder.pid)) {
      // Stale: its process is gone. Remove it only if it still holds that PID, then compete again.
      const again = await readHolder(runtime, lockFile);
      if (again?.text === holder.text) await runtime.remove(lockFile);
      continue;
    }
    const holderText = holder.pid === undefined ? "an unreadable PID" : `PID ${holder.pid}`;
    if ((runtime.nowNs() - startedNs) / 1e6 >= waitMs) {
      throw new FxperfError(
        "PROFILE_LOCKED",
        `Profile "${display(file)}" is locked by another calibration: "${display(lockFile)}" is held by ${holderText} after waiting ${Math.round(waitMs / 1000)} s`,
        {
          hint: `wait for that calibration to finish and run again; if no fxperf runs as ${holderText}, delete "${display(lockFile)}"`,
        },
      );
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(lockFile, holder.pid);
    }
    if (options.signal?.aborted)
      throw new FxperfError("INTERRUPTED", `Interrupted while waiting for the lock "${display(lockFile)}"`);
    await runtime.sleep(pollMs);
  }
}

/** Runs `action` holding the lock for `file`; the lock is released however `action` ends. */
export async function withProfileLock<T>(
  runtime: LockRuntime,
  file: string,
  action: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const release = await acquireProfileLock(runtime, file, options);
  try {
    return await action();
  } finally {
    await release();
  }
}
