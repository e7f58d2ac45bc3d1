/** Making untrusted text (spec ids) safe and short for one console line. Pure. */

// C0 controls, DEL, C1 controls (U+009B is a one-character CSI on some terminals), bidirectional
// overrides and isolates, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** The longest a spec id is shown in a console table or live line, in characters. */
export const MAX_ID_CHARS = 60;

/** Shows control characters as visible escapes (`\n`, `\r`, `\t`, `\x1b`, `\u202e`), so text cannot move the cursor, colour or break a line. */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/** Cuts text to at most `maxChars` characters (code points), the last an ellipsis when it was cut. */
export function truncateText(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join("")}…`;
}
