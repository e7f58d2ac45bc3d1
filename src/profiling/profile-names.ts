/**
 * File names of a spec's CPU profiles: readable, safe on every file system, and distinct for
 * distinct ids ("json > parse [n=10]" → "json-parse-n-10-3f2a9c.head.cpuprofile"). Pure.
 */

/** A short, stable hash of `text` (FNV-1a, 32 bits, hex): tells apart ids that slug alike. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0").slice(0, 6);
}

/** The file name of `id`'s profile on `side`. */
export function profileFileName(id: string, side: "base" | "head"): string {
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${slug || "spec"}-${hash(id)}.${side}.cpuprofile`;
}
