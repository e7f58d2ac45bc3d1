/**
 * The HTML report as a person sees it: written by the compiled binary, opened in
 * headless Chromium (Debian's package; .ci/run installs it), rendered without
 * console errors, and photographed.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, ROOT, runProcess, SPECS } from "../cli-harness.ts";

// These tests run real processes; Bun applies a preloaded default timeout to the first file only.
setDefaultTimeout(60_000);

let work: string;
let report: string;

function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), "fxperf-chromium-"));
  const argv = [
    "chromium",
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    `--user-data-dir=${profile}`,
    "--enable-logging=stderr",
    "--v=0",
    ...args,
  ];
  return runProcess(argv, work).finally(() => rmSync(profile, { recursive: true, force: true }));
}

beforeAll(async () => {
  await buildBinary();
  work = mkdtempSync(join(tmpdir(), "fxperf-html-"));
  cpSync(join(ROOT, "dist", "fxperf"), join(work, "fxperf"));
  for (const name of ["failing", "load"]) cpSync(join(SPECS, name), join(work, "specs", name), { recursive: true });
  const run = await runProcess(
    [
      join(work, "fxperf"),
      "run",
      "specs",
      "--grep",
      "/budget|^http > (GET /|slow p99|refused)$/",
      "--reporter",
      "html=report.html",
    ],
    work,
  );
  expect(run.exitCode).toBe(1);
  report = join(work, "report.html");
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the HTML report in headless Chromium", () => {
  test("is one self-contained file: nothing is fetched at view time", () => {
    const html = readFileSync(report, "utf8");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
    expect(html).toContain("<svg");
  });

  test("renders every spec section with no console errors", async () => {
    const run = await chromium(["--dump-dom", `file://${report}`]);
    expect(run.stdout).toContain('data-rendered="5"');
    expect(run.stdout).toContain("Performance Summary");
    expect(run.stderr).not.toMatch(/Uncaught|CONSOLE[:(].*(error|Error)/);
  });

  test("takes a screenshot", async () => {
    const shot = join(work, "report.png");
    await chromium(["--window-size=1200,1800", `--screenshot=${shot}`, `file://${report}`]);
    const bytes = readFileSync(shot);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  });
});
