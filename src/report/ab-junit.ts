/**
 * JUnit XML for `fxperf ab`: one testcase per spec, so a CI's test tab shows each comparison.
 * Regressed is a <failure> carrying the change and its interval; an error names its side; added,
 * removed and skipped specs are <skipped> with the reason; undecided passes (its resolution in
 * <system-out>) unless `--strict`, where it is a failure as in `run`. Pure.
 */
import { escapeXml, escapeXmlAttribute } from "../format/escape.ts";
import type { AbRunResult, AbSpecResult } from "../result/ab-result.ts";
import { abNote, abSpecLines, describeTrees, formatAbChange } from "./ab-report.ts";
import { interruptedTestcase } from "./junit-report.ts";

function testcase(spec: AbSpecResult, strict: boolean): string {
  const file = spec.files.head ?? spec.files.base ?? "";
  const open = `    <testcase classname="${escapeXml(file)}" name="${escapeXml(spec.id)}" time="${(spec.elapsedNs / 1e9).toFixed(3)}"`;
  const out = [
    ...(spec.change ? [`${spec.status} ${formatAbChange(spec)}`] : []),
    ...abSpecLines(spec, true),
    ...spec.warnings,
  ];
  const notes = out.length > 0 ? `\n      <system-out>${escapeXml(out.join("\n"))}</system-out>` : "";
  const close = (element: string) => `${open}>\n      ${element}${notes}\n    </testcase>`;
  switch (spec.status) {
    case "regressed": {
      const message = `regressed ${formatAbChange(spec)}, allowed +${((spec.change?.tolerance ?? 0) * 100).toFixed(0)}%`;
      return close(
        `<failure message="${escapeXmlAttribute(message)}" type="perf-regressed">${escapeXml(message)}</failure>`,
      );
    }
    case "error": {
      const error = spec.error;
      const message = error ? `${error.side}: ${error.message}` : "error";
      const detail = [message, error?.output].filter(Boolean).join("\n");
      return close(
        `<error message="${escapeXmlAttribute(message)}" type="${escapeXml(error?.phase ?? "error")}">${escapeXml(detail)}</error>`,
      );
    }
    case "added":
    case "removed":
    case "skipped":
      return close(`<skipped message="${escapeXmlAttribute(`${spec.status}: ${abNote(spec)}`)}"/>`);
    case "undecided":
      if (strict)
        return close(
          `<failure message="${escapeXmlAttribute(`undecided: ${abNote(spec)}`)}" type="perf-undecided">${escapeXml(abNote(spec))}</failure>`,
        );
      return notes ? `${open}>${notes}\n    </testcase>` : `${open}/>`;
    default:
      // unchanged and improved pass; what was measured rides along in <system-out>.
      return notes ? `${open}>${notes}\n    </testcase>` : `${open}/>`;
  }
}

/** The JUnit XML document of a comparison. */
export function renderAbJunit(result: AbRunResult): string {
  const { counts } = result;
  const seconds = ((Date.parse(result.endedAt) - Date.parse(result.startedAt)) / 1000).toFixed(3);
  const failures = counts.regressed + (result.strict ? counts.undecided : 0);
  const skipped = counts.added + counts.removed + counts.skipped;
  const stopped = result.interrupted ? [interruptedTestcase("fxperf ab", result.specs.length)] : [];
  const totals = `tests="${result.specs.length + stopped.length}" failures="${failures}" errors="${counts.error + stopped.length}" time="${seconds}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="fxperf ab" ${totals}>`,
    `  <testsuite name="${escapeXml(`fxperf ab: ${describeTrees(result)}`)}" ${totals} skipped="${skipped}" timestamp="${escapeXml(result.startedAt)}">`,
    ...result.specs.map((spec) => testcase(spec, result.strict)),
    ...stopped,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
