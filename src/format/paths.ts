/** Paths as messages and reports show them: relative to the working directory when inside it. Pure. */
import { relative } from "node:path";

/** A path relative to `cwd` when that is shorter, for messages. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") ? rel : file;
}

/** What `stat` found at a path, as messages name it: "a file", "a directory", "a special file". */
export function kindOfPath(kind: "file" | "directory" | "other"): string {
  return kind === "other" ? "a special file" : `a ${kind}`;
}

/** `file:line`, relative to cwd. */
export function displayLocation(file: string, line: number | undefined, cwd: string): string {
  return line === undefined ? displayPath(file, cwd) : `${displayPath(file, cwd)}:${line}`;
}
