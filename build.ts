/**
 * Compiles fxperf into one self-contained executable, dist/fxperf, for this host.
 * Run with `npm run build` (or `bun build.ts`).
 *
 * Two flags matter: a compiled Bun program does not read tsconfig.json or
 * package.json at run time by default, so spec files could neither use their
 * project's path aliases nor find packages in its node_modules. fxperf loads
 * users' spec files from disk, so it turns both on.
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { layoutNpmPackages } from "./scripts/npm-packages.ts";
import { VERSION } from "./src/version.ts";

const root = import.meta.dir;
const outfile = join(root, "dist", "fxperf");
const args = [
  process.execPath,
  "build",
  "--compile",
  "--compile-autoload-tsconfig",
  "--compile-autoload-package-json",
  "--minify-syntax",
  "--minify-whitespace",
  "--sourcemap=none",
  join(root, "src", "main.ts"),
  "--outfile",
  outfile,
];
const started = performance.now();
const result = Bun.spawnSync(args, { stdout: "inherit", stderr: "inherit", cwd: root });
if (result.exitCode !== 0) {
  console.error(`build failed: "bun build --compile" exited with ${result.exitCode}`);
  process.exit(1);
}
const mib = statSync(outfile).size / 1024 / 1024;
console.log(
  `built ${outfile} (${mib.toFixed(1)} MiB, ${process.platform}-${process.arch}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

/**
 * `bun build.ts --release [--out DIR] [--base-url URL]` (`npm run release`) lays out a release folder
 * that install.sh reads: v<version>/ and latest/, each with the binaries that can be built here
 * (this host's: cross-compiling would download other Bun runtimes) and checksums.txt, plus
 * install.sh with the base URL filled in; and npm/ with the `fxperf` package and this platform's
 * binary package (scripts/npm-packages.ts).
 */
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { release: { type: "boolean" }, out: { type: "string" }, "base-url": { type: "string" } },
});
if (values.release) {
  const out = resolve(values.out ?? join(root, "dist", "release"));
  const os = process.platform === "darwin" ? "darwin" : process.platform === "linux" ? "linux" : process.platform;
  const asset = `fxperf-${os}-${process.arch}`;
  const sum = createHash("sha256").update(readFileSync(outfile)).digest("hex");
  // Replace only what this release writes: other versions (and anything else) in --out stay.
  const baseUrl = values["base-url"] ?? "";
  if (!/^[A-Za-z0-9:/._~%+@-]*$/.test(baseUrl)) {
    console.error(
      `--base-url "${baseUrl}": expected a plain URL (letters, digits and :/._~%+@-), it is written into install.sh`,
    );
    process.exit(2);
  }
  for (const folder of [`v${VERSION}`, "latest"]) {
    rmSync(join(out, folder), { recursive: true, force: true });
    mkdirSync(join(out, folder), { recursive: true });
    copyFileSync(outfile, join(out, folder, asset));
    // sha256sum's format: the hash, two spaces, the file name.
    writeFileSync(join(out, folder, "checksums.txt"), `${sum}  ${asset}\n`);
  }
  const installer = readFileSync(join(root, "install.sh"), "utf8").replace(
    'DEFAULT_BASE=""',
    () => `DEFAULT_BASE="${baseUrl}"`,
  );
  writeFileSync(join(out, "install.sh"), installer, { mode: 0o755 });
  console.log(`release laid out in ${out}: v${VERSION}/ and latest/ with ${asset} and checksums.txt, and install.sh`);
  const target = `${os === "win32" ? "windows" : os}-${process.arch}`;
  const npmOut = join(out, "npm");
  const packages = layoutNpmPackages(root, npmOut, [{ path: outfile, target }], VERSION);
  console.log(`npm packages laid out in ${npmOut}: ${packages.map((p) => p.slice(npmOut.length + 1)).join(", ")}`);
}
