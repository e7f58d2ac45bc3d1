/**
 * Reading JSON files fxperf did not write itself (profiles, reports): errors
 * name the file, the line and column of a syntax error, or the JSON path of a
 * schema violation and what was expected. Pure.
 */
import { type ParseError, parse as parseJsonc, printParseErrorCode } from "jsonc-parser";
import * as v from "valibot";
import { type ErrorCode, FxperfError } from "./errors.ts";

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** "PropertyNameExpected" → "property name expected". */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.expected === "never") return "is not a known field";
  if (issue.received === "undefined") return "is missing";
  return `must be ${issue.expected ?? "valid"}, got ${issue.received}`;
}

/** What to say about a document: its kind ("profile", "report"), the error code, and the hint. */
export interface DocumentKind {
  readonly label: string;
  readonly code: ErrorCode;
  readonly hint: string;
  /** The schema version this fxperf reads; newer documents are refused. */
  readonly schemaVersion: number;
}

/** Parses and validates a JSON document against `schema`. */
export function parseJsonDocument<S extends v.GenericSchema>(
  text: string,
  file: string,
  schema: S,
  kind: DocumentKind,
): v.InferOutput<S> {
  const prefix = `Cannot read ${kind.label} "${file}"`;
  const errors: ParseError[] = [];
  // A byte-order mark (some Windows editors write one) is not part of the JSON.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  const data: unknown = parseJsonc(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = lineAndColumn(text, first.offset);
    throw new FxperfError(
      kind.code,
      `${prefix}: invalid JSON at line ${line}, column ${column}: ${words(printParseErrorCode(first.error))}`,
      { hint: kind.hint },
    );
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version > kind.schemaVersion) {
    throw new FxperfError(
      kind.code,
      `${prefix}: schemaVersion ${version} is newer than this fxperf understands (${kind.schemaVersion})`,
      {
        hint: `upgrade fxperf to a version that writes this schema, or write the ${kind.label} again with this one`,
      },
    );
  }
  const result = v.safeParse(schema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new FxperfError(kind.code, `${prefix}: "${v.getDotPath(issue) ?? "(top level)"}" ${describeIssue(issue)}`, {
      hint: kind.hint,
    });
  }
  return result.output;
}
