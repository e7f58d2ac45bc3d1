/**
 * Lays out the npm packages of a release, the way esbuild and Biome ship native binaries: a main
 * package `fxperf` whose `fxperf` command is a small Node launcher (scripts/npm/launcher.cjs) and
 * whose types let editors check `import ... from "fxperf"`, plus one package per platform
 * (`@fxperf/linux-x64`, ...) holding the compiled binary, with `os` and `cpu` so npm installs only
 * the one that fits. This machine builds its own platform's; the release workflow builds the others.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FXPERF_TYPES } from "../src/init/fxperf-types.generated.ts";

/** The platforms fxperf publishes, as `<os>-<arch>` with npm's `os`/`cpu` values. */
export const NPM_PLATFORMS = [
  { target: "linux-x64", os: "linux", cpu: "x64" },
  { target: "linux-arm64", os: "linux", cpu: "arm64" },
  { target: "darwin-x64", os: "darwin", cpu: "x64" },
  { target: "darwin-arm64", os: "darwin", cpu: "arm64" },
  { target: "windows-x64", os: "win32", cpu: "x64" },
] as const;

const REPOSITORY = { type: "git", url: "https://github.com/fxperf/fxperf" };

/** Writes `<out>/fxperf` and `<out>/<target>` for each binary given; returns their folders. */
export function layoutNpmPackages(
  root: string,
  out: string,
  binaries: readonly { readonly path: string; readonly target: string }[],
  version: string,
): string[] {
  const main = join(out, "fxperf");
  rmSync(main, { recursive: true, force: true });
  mkdirSync(join(main, "bin"), { recursive: true });
  copyFileSync(join(root, "scripts", "npm", "launcher.cjs"), join(main, "bin", "fxperf.cjs"));
  // Editors resolve "fxperf" to this module; the declarations come from the ambient file beside it.
  writeFileSync(join(main, "fxperf-ambient.d.ts"), `${FXPERF_TYPES}`);
  writeFileSync(
    join(main, "index.d.ts"),
    '/// <reference path="./fxperf-ambient.d.ts" />\nexport * from "fxperf/internal/index";\n',
  );
  writeFileSync(join(main, "README.md"), readFileSync(join(root, "README.md"), "utf8"));
  writeFileSync(
    join(main, "package.json"),
    `${JSON.stringify(
      {
        name: "fxperf",
        version,
        description:
          "Performance specs as code: micro-benchmarks and HTTP load tests with budgets, baselines and CI verdicts.",
        repository: REPOSITORY,
        bin: { fxperf: "bin/fxperf.cjs" },
        // The launcher only finds and starts the binary: plain CommonJS that any maintained Node runs.
        engines: { node: ">=18" },
        types: "index.d.ts",
        files: ["bin", "index.d.ts", "fxperf-ambient.d.ts", "README.md"],
        optionalDependencies: Object.fromEntries(NPM_PLATFORMS.map((p) => [`@fxperf/${p.target}`, version])),
      },
      null,
      2,
    )}\n`,
  );
  return [main, ...binaries.map((binary) => layoutPlatformPackage(out, binary, version))];
}

/** Writes `<out>/<target>`: the package `@fxperf/<target>` holding one binary. */
function layoutPlatformPackage(
  out: string,
  binary: { readonly path: string; readonly target: string },
  version: string,
): string {
  const platform = NPM_PLATFORMS.find((p) => p.target === binary.target);
  if (!platform) throw new Error(`No npm platform package for "${binary.target}"`);
  const dir = join(out, platform.target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  const file = platform.os === "win32" ? "fxperf.exe" : "fxperf";
  copyFileSync(binary.path, join(dir, "bin", file));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: `@fxperf/${platform.target}`,
        version,
        description: `The fxperf binary for ${platform.target}; installed by the fxperf package.`,
        repository: REPOSITORY,
        os: [platform.os],
        cpu: [platform.cpu],
        files: ["bin"],
        preferUnplugged: true,
        // The launcher compares it with the file on disk: a truncated binary is named as such.
        fxperfBinarySize: statSync(binary.path).size,
      },
      null,
      2,
    )}\n`,
  );
  return dir;
}
