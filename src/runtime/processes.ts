/**
 * What the Bun and Deno runtimes share about processes: routing spec code's stdout to stderr while
 * a report owns stdout, and the process groups forks lead (found and killed with what they started).
 */
import { Console } from "node:console";
import { kill, stderr, stdout } from "node:process";

/**
 * Sends what spec code writes to stdout through node:process and console (every console method
 * that prints to stdout: log, table, dir, count, time, group...) to stderr instead; returns the
 * undo. Each runtime adds its own stdout object (Bun.stdout, Deno.stdout) on top.
 */
export function routeStdoutToStderr(): () => void {
  const toStderr = new Console({ stdout: stderr, stderr });
  const target = console as unknown as Record<string, unknown>;
  const saved = new Map<string, unknown>();
  for (const name of Object.keys(target)) {
    const replacement = (toStderr as unknown as Record<string, unknown>)[name];
    if (typeof target[name] !== "function" || typeof replacement !== "function") continue;
    saved.set(name, target[name]);
    target[name] = replacement.bind(toStderr);
  }
  const write = stdout.write;
  stdout.write = stderr.write.bind(stderr) as typeof stdout.write;
  return () => {
    for (const [name, original] of saved) target[name] = original;
    stdout.write = write;
  };
}

/** The C library to find setpgid() in, by platform (Windows has no process groups). */
export const LIBC_NAMES: Readonly<Record<string, readonly string[]>> = {
  linux: ["libc.so.6", "libc.so"],
  darwin: ["/usr/lib/libSystem.B.dylib"],
};

/**
 * Calls `setpgid` (the runtime's own FFI call for setpgid(0, 0) in the C library named) with the
 * first C library of `platform` that loads; nothing where none does (Windows has no groups).
 */
export function withLibc(platform: string, setpgid: (library: string) => void): void {
  for (const library of LIBC_NAMES[platform] ?? []) {
    try {
      setpgid(library);
      return;
    } catch {
      // Not this name (or no permission to load it): try the next.
    }
  }
}

/** Children that lead a process group of their own (forks): reaped with their group. */
const groupLeaders = new Set<number>();

/** Sends `signal` to the process group `leader` leads; nothing when there is no such group. */
function signalGroup(leader: number, signal: NodeJS.Signals): void {
  try {
    kill(-leader, signal);
  } catch {
    // No such group (the child has not made it yet, or everything in it has exited).
  }
}

/**
 * Watches a child that makes itself a process-group leader (leadProcessGroup()): once it exits,
 * whatever it started and left in its group is killed, so nothing a spec started outlives its fork.
 * Returns the kill for its whole group.
 */
export function reapGroupOf(pid: number, exited: Promise<unknown>): (signal: NodeJS.Signals) => void {
  groupLeaders.add(pid);
  void exited.then(() => {
    signalGroup(pid, "SIGKILL");
    groupLeaders.delete(pid);
  });
  return (signal) => signalGroup(pid, signal);
}

/** Kills every watched child and its group: fxperf is exiting (a second Ctrl-C, an error). */
export function killWatchedGroups(): void {
  for (const pid of groupLeaders) {
    signalGroup(pid, "SIGKILL");
    try {
      kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
