/**
 * `fxperf fingerprint`: this machine's fingerprint, its slug, and where its profiles would be.
 */
import { ExitCode, type ExitCodeValue } from "../errors.ts";
import { fingerprintSlug } from "../hardware/fingerprint.ts";
import { findRepoProfileDir, locateUserProfileDir } from "../profiles/load-profiles.ts";
import { profileFileName } from "../profiles/locations.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { join } from "node:path";
import { displayFrom, probeFingerprint } from "./prepare.ts";
import type { FingerprintSettings } from "./settings.ts";

/** Prints the fingerprint as text or JSON. */
export async function fingerprintCommand(runtime: Runtime, settings: FingerprintSettings): Promise<ExitCodeValue> {
  const fingerprint = await probeFingerprint(runtime);
  const slug = fingerprintSlug(fingerprint);
  const display = displayFrom(runtime);
  const userFile = join(
    await locateUserProfileDir(runtime, settings.userProfileDir, runtime.cwd(), "."),
    profileFileName(slug),
  );
  const repoDir = await findRepoProfileDir(runtime, runtime.cwd());
  const repoFile = repoDir ? join(repoDir, profileFileName(slug)) : undefined;
  if (settings.json) {
    runtime.stdout.write(
      `${JSON.stringify({ slug, fingerprint, profiles: { local: userFile, repo: repoFile ?? null } }, null, 2)}\n`,
    );
    return ExitCode.Ok;
  }
  const rows = [
    ["slug", slug],
    ["os", fingerprint.os],
    ["arch", fingerprint.arch],
    ["cpu", fingerprint.cpuModel],
    ["cores", String(fingerprint.cores)],
    ["memory", `${fingerprint.memoryGiB} GiB`],
    ["runtime", `${fingerprint.runtime} ${fingerprint.runtimeMajor}`],
    ["local profile", `${display(userFile)}${(await runtime.stat(userFile)) === "file" ? "" : " (none yet)"}`],
    [
      "repo profile",
      repoFile
        ? `${display(repoFile)}${(await runtime.stat(repoFile)) === "file" ? "" : " (none yet)"}`
        : "(no perf-profiles/ directory found)",
    ],
  ];
  for (const [name, value] of rows) runtime.stdout.write(`${name!.padEnd(14)}${value}\n`);
  return ExitCode.Ok;
}
