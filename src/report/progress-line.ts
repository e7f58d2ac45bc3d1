/**
 * The progress line every measuring command prints while its specs run: on a terminal a live
 * line "[i/n] id measuring..." that the spec's result line replaces; otherwise a line per spec
 * as it ends, so CI logs stay readable.
 */
import { escapeControlChars, MAX_ID_CHARS, truncateText } from "../format/escape.ts";
import type { OutputStream } from "../runtime/runtime.ts";
import type { Colors } from "./colors.ts";

/** The three things a command's console reporter says while it runs. */
export interface ProgressLine {
  /** "Running 6 specs from 2 files". */
  header(total: number, files: number): void;
  /** The live line of a spec that started (terminals only); `doing` says what it is doing. */
  start(id: string, index: number, total: number, doing?: string): void;
  /** The line of a spec that ended: its counter, `status` (painted), id and a dim `detail`. */
  end(index: number, total: number, status: string, id: string, detail: string): void;
  /** Clears the live line, before the summary is printed. */
  clear(): void;
}

/** Creates the progress line on `stream`, in colours `c`. */
export function createProgressLine(stream: OutputStream, c: Colors): ProgressLine {
  const live = stream.isTTY;
  const clear = () => {
    if (live) stream.write("\r\u001b[2K");
  };
  const counter = (index: number, total: number) =>
    c.dim(`[${String(index + 1).padStart(String(total).length)}/${total}]`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return {
    header: (total, files) => stream.write(c.dim(`Running ${plural(total, "spec")} from ${plural(files, "file")}\n`)),
    start: (id, index, total, doing = "measuring...") => {
      if (!live) return;
      // Cut so the live line never wraps past what "\r\u001b[2K" clears.
      clear();
      stream.write(`${counter(index, total)} ${truncateText(escapeControlChars(id), MAX_ID_CHARS)} ${c.dim(doing)}`);
    },
    end: (index, total, status, id, detail) => {
      clear();
      stream.write(`${counter(index, total)} ${status} ${escapeControlChars(id)} ${c.dim(detail)}\n`);
    },
    clear,
  };
}
