import { describe, expect, test } from "bun:test";
import { installCommand, prepareBaseDependencies } from "../../../src/ab/dependencies.ts";
import { FxperfError } from "../../../src/errors.ts";
import { type CannedProcess, createFakeRuntime } from "../fake-runtime.ts";

const trees = { headRoot: "/repo", headCwd: "/repo", baseRoot: "/tmp/ab/base" };
const options = { install: false, display: (path: string) => path };

function setUp(files: Record<string, string>, spawn?: (argv: readonly string[]) => CannedProcess) {
  return createFakeRuntime({ cwd: "/repo", files, spawn, path: { npm: "/usr/bin/npm" } });
}

async function refusal(promise: Promise<unknown>): Promise<FxperfError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FxperfError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("prepareBaseDependencies()", () => {
  const lock = '{"lockfileVersion":3}';
  const project = {
    "/repo/package.json": "{}",
    "/repo/package-lock.json": lock,
    "/repo/node_modules/tiny/index.js": "module.exports = 1;",
    "/tmp/ab/base/package.json": "{}",
  };
  test("the same lockfile: the base links to the head's node_modules, and undo removes only the link", async () => {
    const runtime = setUp({ ...project, "/tmp/ab/base/package-lock.json": lock });
    const deps = await prepareBaseDependencies(runtime, trees, options);
    expect(deps.description).toBe("the head's node_modules (same package-lock.json)");
    expect(runtime.files.get("/tmp/ab/base/node_modules")).toBe("-> /repo/node_modules");
    await deps.undo();
    expect(runtime.files.has("/tmp/ab/base/node_modules")).toBe(false);
    expect(runtime.files.has("/repo/node_modules/tiny/index.js")).toBe(true);
  });
  test("a different lockfile without --install: exit 2 saying what differs and what to run", async () => {
    const runtime = setUp({ ...project, "/tmp/ab/base/package-lock.json": '{"lockfileVersion":2}' });
    const error = await refusal(prepareBaseDependencies(runtime, trees, options));
    expect(error.code).toBe("BASE_DEPENDENCIES");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("package-lock.json differs between the base revision and the working tree");
    expect(error.hint).toContain('pass --install to run "npm ci" in the base tree');
    expect(runtime.files.has("/tmp/ab/base/node_modules")).toBe(false);
  });
  test("a lockfile only the head has is a difference too", async () => {
    const error = await refusal(prepareBaseDependencies(setUp(project), trees, options));
    expect(error.message).toContain("the base revision has no package-lock.json");
  });
  test("--install runs the lockfile's package manager in the base tree", async () => {
    const runtime = setUp({ ...project, "/tmp/ab/base/package-lock.json": "{}" }, () => ({ exitCode: 0 }));
    const deps = await prepareBaseDependencies(runtime, trees, { ...options, install: true });
    expect(runtime.spawned).toContainEqual(["npm", "ci"]);
    expect(deps.description).toContain('installed with "npm ci"');
  });
  test("a failing install is exit 3 with the end of its output", async () => {
    const runtime = setUp({ ...project, "/tmp/ab/base/package-lock.json": "{}" }, () => ({
      exitCode: 1,
      stderr: "npm ERR! missing: left-pad",
    }));
    const error = await refusal(prepareBaseDependencies(runtime, trees, { ...options, install: true }));
    expect(error.code).toBe("INSTALL_FAILED");
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain("npm ERR! missing: left-pad");
  });
  test("--install with the package manager missing names it", async () => {
    const runtime = createFakeRuntime({
      cwd: "/repo",
      files: { "/repo/package.json": "{}", "/repo/yarn.lock": "a", "/tmp/ab/base/yarn.lock": "b" },
      path: { npm: "/usr/bin/npm" },
    });
    const error = await refusal(prepareBaseDependencies(runtime, trees, { ...options, install: true }));
    expect(error.code).toBe("TOOL_MISSING");
    expect(error.message).toContain("--install needs yarn (the lockfile is yarn.lock)");
  });
  test("no package.json: nothing to do; a base with its own node_modules is left alone", async () => {
    expect((await prepareBaseDependencies(setUp({}), trees, options)).description).toContain("no package.json");
    const runtime = setUp({ ...project, "/tmp/ab/base/node_modules/x/index.js": "" });
    expect((await prepareBaseDependencies(runtime, trees, options)).description).toContain("its own node_modules");
  });
});

describe("installCommand()", () => {
  test("installs exactly what the lockfile says, for each package manager", () => {
    expect(installCommand("npm")).toEqual(["npm", "ci"]);
    expect(installCommand("bun")).toEqual(["bun", "install", "--frozen-lockfile"]);
    expect(installCommand("pnpm")).toEqual(["pnpm", "install", "--frozen-lockfile"]);
    expect(installCommand("yarn")).toEqual(["yarn", "install", "--frozen-lockfile"]);
  });
});
