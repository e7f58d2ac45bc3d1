/**
 * Compiles fxperf into one self-contained executable, dist/fxperf, for this host.
 * Run with `npm run build` (or `bun build.ts`).
 *
 * Two flags matter: a compiled Bun program does not read tsconfig.json or
 * package.json at run time by default, so spec files could neither use their
 * project's path aliases nor find packages in its node_modules. fxperf loads
 * users' spec files from disk, so it turns both on.
 */
import { statSync } from "node:fs";
import { join } from "node:path";

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
console.log(`built ${outfile} (${mib.toFixed(1)} MiB, ${process.platform}-${process.arch}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
