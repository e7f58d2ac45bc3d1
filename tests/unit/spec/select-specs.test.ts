import { describe, expect, test } from "bun:test";
import { FxperfError } from "../../../src/errors.ts";
import { parseGrep, selectSpecs } from "../../../src/spec/select-specs.ts";
import { spec } from "../helpers.ts";

const specs = [
  spec({ id: "json > parse", tags: ["json", "hot"] }),
  spec({ id: "json > stringify", tags: ["json"] }),
  spec({ id: "csv > split", tags: ["csv", "slow"] }),
  spec({ id: "plain" }),
];
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe("selectSpecs()", () => {
  test("without filters keeps everything in order", () => {
    expect(ids(selectSpecs(specs, {}))).toEqual(["json > parse", "json > stringify", "csv > split", "plain"]);
  });
  test("--tags keeps specs with any of the tags", () => {
    expect(ids(selectSpecs(specs, { tags: ["hot", "csv"] }))).toEqual(["json > parse", "csv > split"]);
  });
  test("--skip-tags drops specs with any of the tags", () => {
    expect(ids(selectSpecs(specs, { skipTags: ["slow", "hot"] }))).toEqual(["json > stringify", "plain"]);
  });
  test("--tags and --skip-tags combine", () => {
    expect(ids(selectSpecs(specs, { tags: ["json"], skipTags: ["hot"] }))).toEqual(["json > stringify"]);
  });
  test("--grep text is a case-insensitive substring of the id", () => {
    expect(ids(selectSpecs(specs, { grep: "JSON > S" }))).toEqual(["json > stringify"]);
  });
  test("--grep /regex/flags is a regular expression", () => {
    expect(ids(selectSpecs(specs, { grep: "/^(csv|plain)/" }))).toEqual(["csv > split", "plain"]);
    expect(ids(selectSpecs(specs, { grep: "/PARSE$/i" }))).toEqual(["json > parse"]);
  });
  test("a /g regex matches every id, not every other one", () => {
    expect(ids(selectSpecs(specs, { grep: "/s/g" }))).toEqual(["json > parse", "json > stringify", "csv > split"]);
  });
  test(".only() anywhere restricts the run to the .only() specs", () => {
    const withOnly = [...specs, spec({ id: "focus", only: true })];
    expect(ids(selectSpecs(withOnly, {}))).toEqual(["focus"]);
  });
  test("skipped specs stay selected so they are reported as SKIP", () => {
    expect(ids(selectSpecs([spec({ id: "s", skip: true })], {}))).toEqual(["s"]);
  });
  test("an invalid regex is a usage error naming the value", () => {
    expect(() => parseGrep("/(/")).toThrow(FxperfError);
    expect(() => parseGrep("/(/")).toThrow('Invalid --grep "/(/"');
  });
});
