/**
 * The release workflow's npm step: lays out the `fxperf` package and one `@fxperf/<target>` package
 * per binary `fxperf-<target>` in a folder (scripts/npm-packages.ts).
 *
 * Usage: bun scripts/npm-release.ts <binaries dir> <out dir> <version>
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { layoutNpmPackages, NPM_PLATFORMS } from "./npm-packages.ts";

const [binaries, out, version] = process.argv.slice(2);
if (!binaries || !out || !version || !/^\d+\.\d+\.\d+/.test(version)) {
  console.error("usage: bun scripts/npm-release.ts <binaries dir> <out dir> <version, e.g. 0.2.0>");
  process.exit(2);
}
const found = readdirSync(binaries).flatMap((file) => {
  const platform = NPM_PLATFORMS.find((p) => file === `fxperf-${p.target}`);
  return platform ? [{ path: join(binaries, file), target: platform.target }] : [];
});
if (found.length === 0) {
  console.error(`no fxperf-<target> binaries in "${binaries}"`);
  process.exit(2);
}
const packages = layoutNpmPackages(join(import.meta.dir, ".."), out, found, version);
console.log(`laid out ${packages.length} npm packages in ${out}`);
