/**
 * Time limits for specs and hooks, and turning what they throw into a SpecError.
 */
import type { SpecError } from "../result/spec-result.ts";
import { formatNs } from "../units.ts";

/** A spec or hook that did not settle in time. */
export class TimeoutError extends Error {}

/** Settles with `work`, or rejects with a TimeoutError after `timeoutNs`. */
export async function withTimeout<T>(work: () => Promise<T> | T, timeoutNs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what} did not settle within ${formatNs(timeoutNs)}`)),
      timeoutNs / 1e6,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(work), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a spec or hook threw, as data: a timeout, an Error, or any other value. */
export function toSpecError(error: unknown, phase: SpecError["phase"]): SpecError {
  if (error instanceof TimeoutError) return { phase: "timeout", message: error.message, stack: undefined };
  if (error instanceof Error) return { phase, message: error.message, stack: error.stack };
  return { phase, message: `threw a non-Error value: ${String(error)}`, stack: undefined };
}
