/** "Did you mean ...?": the known names nearest to a mistyped one (a flag, a spec id). Pure. */

/** The known flag nearest to `flag` (edit distance 1, or 2 for longer names), if any. */
export function suggestFlag(flag: string, known: readonly string[]): string | undefined {
  const bare = flag.replace(/^-+/, "");
  let best: { flag: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(bare, candidate.replace(/^-+/, ""));
    if (distance <= (bare.length <= 4 ? 1 : 2) && (!best || distance < best.distance))
      best = { flag: candidate, distance };
  }
  return best?.flag;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * Spec ids near `id`: those containing it (any case), then those within a few edits, at most
 * `limit`, nearest first.
 */
export function nearSpecIds(id: string, known: readonly string[], limit = 5): string[] {
  const wanted = id.toLowerCase();
  const scored = known.map((candidate) => {
    const lower = candidate.toLowerCase();
    const contains = lower.includes(wanted) || wanted.includes(lower);
    return { candidate, score: contains ? 0 : editDistance(wanted, lower) };
  });
  const reach = Math.max(2, Math.floor(wanted.length / 3));
  return scored
    .filter((s) => s.score <= reach)
    .sort((a, b) => a.score - b.score || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.candidate);
}
