/**
 * The measurement guard: performance runs only happen where numbers mean
 * something (the original design ran them only on Release builds). A pure
 * decision from facts the runtime probes.
 */

/** What the runtime found out about this process and machine. */
export interface HostFacts {
  /** Process arguments of the runtime itself (e.g. `--inspect`). */
  readonly execArgv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Logical CPU cores. */
  readonly cores: number;
  /** One-minute load average, when the OS reports it. */
  readonly loadAverage1m: number | undefined;
  /** CPU frequency governor of cpu0, when readable (Linux). */
  readonly governor: string | undefined;
}

/** The guard's decision. */
export interface GuardDecision {
  /** Conditions that make numbers meaningless: the run is refused unless --allow-unfit. */
  readonly refusals: string[];
  /** Conditions that degrade numbers: reported, never refused. */
  readonly warnings: string[];
}

const INSPECT_FLAG = /^--inspect(-brk|-wait)?(=|$)/;

/** Decides what, if anything, stands in the way of meaningful numbers. */
export function evaluateGuard(facts: HostFacts): GuardDecision {
  const refusals: string[] = [];
  const warnings: string[] = [];
  const { env } = facts;
  const nodeOptions = (env.NODE_OPTIONS ?? "").split(/\s+/);

  const inspectFlag = [...facts.execArgv, ...nodeOptions].find((arg) => INSPECT_FLAG.test(arg));
  if (inspectFlag) refusals.push(`a debugger or inspector is attached ("${inspectFlag}")`);
  else if (env.BUN_INSPECT) refusals.push(`a debugger or inspector is attached (BUN_INSPECT="${env.BUN_INSPECT}")`);

  if (env.NODE_V8_COVERAGE)
    refusals.push(`coverage instrumentation is active (NODE_V8_COVERAGE="${env.NODE_V8_COVERAGE}")`);
  const coverageFlag = facts.execArgv.find((arg) => arg === "--coverage" || arg.startsWith("--coverage="));
  if (coverageFlag) refusals.push(`coverage instrumentation is active ("${coverageFlag}")`);

  if (env.NODE_ENV?.trim().toLowerCase() === "development")
    refusals.push(`NODE_ENV is "${env.NODE_ENV}": development builds are not what ships`);

  if (facts.loadAverage1m !== undefined && facts.loadAverage1m > facts.cores) {
    warnings.push(
      `the machine is busy: load average ${facts.loadAverage1m.toFixed(2)} is above its ${facts.cores} cores`,
    );
  }
  if (facts.governor !== undefined && facts.governor !== "performance") {
    warnings.push(
      `CPU frequency governor is "${facts.governor}", not "performance": clock speed may vary during the run`,
    );
  }
  return { refusals, warnings };
}
