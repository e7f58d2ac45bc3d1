/**
 * `fxperf doctor`: what this machine offers fxperf: runtime, fingerprint, the
 * guard's view, and the load generator. Exit 3 when something required is missing.
 */
import { ExitCode, type ExitCodeValue } from "../errors.ts";
import { evaluateGuard } from "../guard/evaluate-guard.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { findWrk, WRK_INSTALL_HINT } from "../load/find-wrk.ts";
import { createColors } from "../report/colors.ts";
import { visibleWidth } from "../report/table.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { VERSION } from "../version.ts";
import { probeFingerprint } from "./prepare.ts";
import type { DoctorSettings } from "./settings.ts";

/** Prints the checks; returns 3 when wrk is missing or the guard would refuse. */
export async function doctorCommand(runtime: Runtime, settings: DoctorSettings): Promise<ExitCodeValue> {
  const c = createColors(settings.color.stdout);
  const ok = c.green("ok");
  const bad = c.red("missing");
  const line = (name: string, status: string, detail: string) =>
    runtime.stdout.write(`${name.padEnd(12)}${status}${" ".repeat(Math.max(1, 8 - visibleWidth(status)))}${detail}\n`);
  line("fxperf", ok, `${VERSION} on ${runtime.name} ${runtime.version}`);
  line("machine", ok, fingerprintSlug(await probeFingerprint(runtime)));
  const guard = evaluateGuard(await runtime.probeHost());
  line(
    "guard",
    guard.refusals.length > 0 ? c.red("refuses") : guard.warnings.length > 0 ? c.yellow("warns") : ok,
    [...guard.refusals, ...guard.warnings].join("; ") || "nothing stands in the way of meaningful numbers",
  );
  const wrk = await findWrk(runtime, settings.wrkPath);
  if (wrk.ok) line("wrk", ok, `${wrk.version} at ${wrk.path}${settings.wrkPath ? " (FXPERF_WRK)" : ""}`);
  else {
    line("wrk", bad, wrk.problem);
    runtime.stdout.write(`${" ".repeat(20)}${c.dim(WRK_INSTALL_HINT)}\n`);
  }
  return wrk.ok && guard.refusals.length === 0 ? ExitCode.Ok : ExitCode.Environment;
}
