/**
 * Making untrusted text (spec ids, messages) safe where it is shown: short and on one line in the
 * console, escaped in XML (JUnit, HTML, SVG) and in GitHub Markdown. Pure.
 */

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

/** Escapes text for XML content; attribute values also keep their line breaks (&#10;). */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

/** Escapes text for XML attributes and content. */
export function escapeXml(text: string): string {
  // Characters XML 1.0 does not allow at all are dropped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

// What GitHub turns into a ping or a link: @mentions (and e-mail addresses), issue references
// (#123, GH-123, owner/repo#123) and bare URLs (https://…, www.…).
const AUTOLINK = /@|#(?=\d)|\bGH-(?=\d)|:(?=\/\/)|\bwww(?=\.)/gi;

/**
 * Escapes text for Markdown (GitHub's flavour): no HTML, no formatting, no links, no pings, one line.
 * A zero-width space (as an entity, after the `&` escaping) breaks each autolink pattern; encoding the
 * `@` itself would not, since GitHub finds mentions in the rendered text, where entities are decoded.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, " ")
      // Other control characters (ESC, BEL...) shown as visible escapes, never as raw bytes.
      .replace(CONTROL, (char) => escapeControlChars(char))
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/([\\`*_[\]|])/g, "\\$1")
      .replace(/\r\n|\r|\n/g, " ")
      .replace(AUTOLINK, "$&&#8203;")
  );
}

/** A Markdown code span that holds any text: a fence longer than its longest run of backticks, on one line. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\r\n|\r|\n/g, " ");
  const fence = "`".repeat(Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** Escapes text for a Markdown table cell. */
export const escapeCell = escapeMarkdown;
