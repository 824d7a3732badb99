import { compareNames } from "./compare.js";
/** Damerau-Levenshtein (optimal string alignment) distance, bounded for speed. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const row = new Array<number>(cols);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, prevPrev[j - 2]! + 1);
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[cols - 1]!;
}

/** The closest names to `input`: within a third of its length (at least 1, at most 3) edits. */
export function suggest(input: string, names: Iterable<string>, max = 3): string[] {
  const needle = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 3)));
  const scored: { name: string; distance: number }[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const distance =
      lower.startsWith(needle) && needle.length >= 3 ? 0.5 : editDistance(needle, lower, limit);
    if (distance <= limit) scored.push({ name, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || compareNames(a.name, b.name))
    .slice(0, max)
    .map((entry) => entry.name);
}
