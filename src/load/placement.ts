/**
 * Where wrk and the server under test run during `fxperf ab`'s load comparisons. Pure.
 *
 * On a small machine wrk and the server compete for the same cores, and the server's extra work
 * then shows only in part: 10% more work per request read as 2% less throughput with both
 * unpinned, and 7% with wrk (one thread) on one CPU and the server on the others, whose pairs of
 * runs also spread less (bench/load-placement.ts, docs/benchmarks.md §7.6). Pinning uses Linux's
 * `taskset` with argument arrays.
 */

/** CPUs as `taskset -c` reads them: "0", "1-3", "0,2". */
export type CpuList = string;

/** How wrk and the servers are placed: the argv prefixes that pin them, and what to tell the user. */
export interface CpuPlacement {
  /** Prepended to wrk's command line. */
  readonly wrkPrefix: readonly string[];
  /** Prepended to each load host's command line (the server's process, and what it starts). */
  readonly serverPrefix: readonly string[];
  /** wrk's CPUs and the servers' CPUs (for reports). */
  readonly wrkCpus: CpuList;
  readonly serverCpus: CpuList;
  /** wrk's CPU count: its thread count when the spec does not set one. */
  readonly wrkCores: number;
}

/**
 * The CPUs this process may run on, from the `Cpus_allowed_list:` line of /proc/self/status
 * ("0-1", "0,2-3"); undefined when the text has no such line or it does not parse.
 */
export function parseAllowedCpus(status: string): number[] | undefined {
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1]?.trim();
  if (!line) return undefined;
  const cpus: number[] = [];
  for (const part of line.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return undefined;
    for (let cpu = from; cpu <= to; cpu++) cpus.push(cpu);
  }
  return cpus.length > 0 ? cpus : undefined;
}

/** Writes CPUs as a `taskset -c` list, runs folded: [0,1,2,5] → "0-2,5". */
export function formatCpuList(cpus: readonly number[]): CpuList {
  const parts: string[] = [];
  for (let i = 0; i < cpus.length; ) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j]! + 1) j++;
    parts.push(j === i ? String(cpus[i]) : `${cpus[i]}-${cpus[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/**
 * wrk on the first allowed CPU, the servers on the rest; or why not (one CPU, no taskset, or the
 * allowed CPUs unknown). One CPU is enough for wrk's one thread to drive a server on a few cores.
 */
export function planCpuPlacement(
  allowed: readonly number[] | undefined,
  taskset: string | undefined,
): { placement: CpuPlacement } | { reason: string } {
  if (!taskset) return { reason: "taskset (util-linux) was not found" };
  if (!allowed) return { reason: "this process's CPUs are unknown (no /proc/self/status)" };
  if (allowed.length < 2) return { reason: `this process may use only ${allowed.length} CPU` };
  const [first, ...rest] = allowed;
  const wrkCpus = String(first);
  const serverCpus = formatCpuList(rest);
  return {
    placement: {
      wrkPrefix: [taskset, "-c", wrkCpus],
      serverPrefix: [taskset, "-c", serverCpus],
      wrkCpus,
      serverCpus,
      wrkCores: 1,
    },
  };
}
