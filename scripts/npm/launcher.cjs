#!/usr/bin/env node
// The `fxperf` command of the npm package: finds the compiled binary in the platform package npm
// installed beside it (@fxperf/<os>-<arch>, an optional dependency) and runs it with the same
// arguments, standard streams and exit code. Plain Node, no dependencies: it only launches.
"use strict";
const { spawnSync } = require("node:child_process");
const { closeSync, openSync, readSync, statSync } = require("node:fs");
const { join, dirname } = require("node:path");

const SUPPORTED = ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "windows-x64"];

function fail(message, hint) {
  process.stderr.write(`fxperf: ${message}\n${hint ? `hint: ${hint}\n` : ""}`);
  process.exit(3);
}

const os = process.platform === "win32" ? "windows" : process.platform;
const target = `${os}-${process.arch}`;
const pkg = `@fxperf/${target}`;
if (!SUPPORTED.includes(target)) {
  fail(
    `there is no fxperf binary for ${target}: the npm package ships ${SUPPORTED.join(", ")}`,
    "on another platform, build fxperf from source (npm ci && npm run build) or run it under Deno",
  );
}

let manifestPath;
try {
  manifestPath = require.resolve(`${pkg}/package.json`);
} catch {
  fail(
    `the package ${pkg}, which holds the binary for this machine, is not installed`,
    "npm skips optional dependencies with --omit=optional or --no-optional; reinstall with them: npm install fxperf --include=optional",
  );
}
const manifest = require(manifestPath);
const binary = join(dirname(manifestPath), "bin", os === "windows" ? "fxperf.exe" : "fxperf");
let size;
try {
  size = statSync(binary).size;
} catch {
  fail(`${pkg} has no binary at ${binary}`, "reinstall it: npm install fxperf --force");
}
// A truncated download is caught here; the full checksum is verified by install.sh and CI, not on
// every start (hashing 100 MB would cost a fifth of a second).
if (typeof manifest.fxperfBinarySize === "number" && size !== manifest.fxperfBinarySize) {
  fail(
    `the binary in ${pkg} is ${size} bytes, not the ${manifest.fxperfBinarySize} it was published with: it is truncated or corrupt`,
    "reinstall it: npm install fxperf --force",
  );
}

// A file of the right size that is not a program (zeros, a half-written download) would be run by
// the system as an empty shell script and "succeed": check the executable format's magic first.
const MAGIC = {
  linux: [[0x7f, 0x45, 0x4c, 0x46]], // ELF
  darwin: [
    [0xcf, 0xfa, 0xed, 0xfe], // Mach-O 64-bit, little-endian
    [0xca, 0xfe, 0xba, 0xbe], // universal
  ],
  windows: [[0x4d, 0x5a]], // MZ
};
const head = Buffer.alloc(4);
const fd = openSync(binary, "r");
readSync(fd, head, 0, 4, 0);
closeSync(fd);
if (!(MAGIC[os] ?? []).some((magic) => magic.every((byte, i) => head[i] === byte))) {
  fail(`the binary in ${pkg} is not a ${os} executable: it is corrupt`, "reinstall it: npm install fxperf --force");
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  const code = result.error.code;
  fail(
    code === "ENOEXEC" || code === "EACCES"
      ? `the binary in ${pkg} cannot be run (${code}): it is corrupt or not executable`
      : `the binary in ${pkg} could not be started: ${result.error.message}`,
    "reinstall it: npm install fxperf --force",
  );
}
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
