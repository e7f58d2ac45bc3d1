import pc from "picocolors";
import type { AbStatus } from "../result/ab-result.ts";
import type { Status } from "../result/spec-result.ts";

/** The colour functions reporters use; all identity when colour is off. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour output, following https://no-color.org and the FORCE_COLOR
 * convention: NO_COLOR (non-empty) turns colour off, FORCE_COLOR (not "0") on,
 * otherwise colour only on a terminal.
 */
export function resolveColorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "")
    return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  if (env.TERM === "dumb") return false;
  return isTTY;
}

/** Creates colour functions, on or off. */
export function createColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

/** Colours a status word. */
export function paintStatus(status: Status, c: Colors): string {
  switch (status) {
    case "PASS":
      return c.green(status);
    case "FAIL":
      return c.red(c.bold(status));
    case "WARN":
      return c.yellow(c.bold(status));
    case "ERROR":
      return c.magenta(c.bold(status));
    case "SKIP":
      return c.dim(status);
    case "NO BASELINE":
      return c.yellow(status);
  }
}

/** Colours an `ab` verdict. */
export function paintAbStatus(status: AbStatus, c: Colors): string {
  if (status === "regressed" || status === "error") return c.red(c.bold(status));
  if (status === "improved") return c.green(status);
  if (status === "undecided") return c.yellow(status);
  return status === "unchanged" ? status : c.dim(status);
}
