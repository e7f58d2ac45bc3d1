/**
 * `fxperf profile <spec-id>`: one spec's CPU profile on demand. The spec is measured as a
 * measuring fork does, with the sampling profiler on, in a fresh process; the .cpuprofile is
 * written (it opens in Chrome DevTools, VS Code and speedscope) and the functions that take the
 * spec's time are printed.
 */
import { type ExitCodeValue, ExitCode, FxperfError } from "../errors.ts";
import { createColors } from "../report/colors.ts";
import { renderProfileLines } from "../report/profile-lines.ts";
import { createForkLauncher } from "../run/spawn-fork.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { checkGuard, prepareSpecs } from "./prepare.ts";
import { createCpuProfiler } from "./cpu-profiles.ts";
import type { ProfileSettings } from "./settings.ts";
import { nearSpecIds } from "./suggest.ts";

/** Runs `fxperf profile`; returns the exit code. */
export async function profileCommand(
  runtime: Runtime,
  settings: ProfileSettings,
  signal: AbortSignal,
): Promise<ExitCodeValue> {
  const prepared = await prepareSpecs(runtime, {
    paths: settings.paths,
    tags: [],
    skipTags: [],
    grep: undefined,
    passWithNoSpecs: false,
    allowEmptySelection: true,
    timeoutNs: settings.timeoutNs,
    signal,
  });
  const specs = prepared?.loaded ?? [];
  const spec = specs.find((s) => s.id === settings.specId);
  if (!spec) {
    const near = nearSpecIds(
      settings.specId,
      specs.map((s) => s.id),
    );
    throw new FxperfError(
      "USAGE",
      `No spec has the id "${settings.specId}"${near.length > 0 ? `; near matches:\n${near.map((id) => `  ${id}`).join("\n")}` : ` among the ${specs.length} specs under ${settings.paths.map((p) => `"${p}"`).join(", ")}`}`,
      { hint: '"fxperf run --list" lists every id; quote an id with spaces: fxperf profile "json > parse"' },
    );
  }
  if (spec.kind !== "micro") {
    throw new FxperfError("USAGE", `Spec "${spec.id}" is a load spec: fxperf profiles micro specs`, {
      hint: "profile the server itself, e.g. with bun --cpu-prof, while fxperf run drives the load",
    });
  }
  await checkGuard(runtime, settings.allowUnfit);
  const profiler = await createCpuProfiler(
    runtime,
    { mode: "all", dir: settings.dir, dirGiven: true },
    spec.timeoutNs ?? settings.timeoutNs,
  );
  const launcher = createForkLauncher(runtime, { signal });
  runtime.stderr.write(`Profiling "${spec.id}" in a fresh fork (a second or two)\n`);
  try {
    const taken = await profiler.take(spec.id, { head: { launch: launcher, spec, root: runtime.cwd() } });
    if (!("summary" in taken)) {
      if (signal.aborted) return ExitCode.Interrupted;
      throw new FxperfError(
        "SPEC_LOAD",
        `Could not profile "${spec.id}": ${taken.warning.replace(/^no CPU profile: /, "")}`,
      );
    }
    const c = createColors(settings.color.stdout);
    runtime.stdout.write(`${renderProfileLines(spec.id, taken.summary, c).join("\n")}\n`);
    return ExitCode.Ok;
  } finally {
    await launcher.dispose();
  }
}
