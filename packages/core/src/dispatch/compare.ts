/**
 * Orders names as people read them: case-insensitively, lower case first on a tie. Used instead
 * of `localeCompare`, whose first call loads ICU's collator (~10 ms of a cold start); command and
 * plugin names are ASCII, where both orders agree.
 */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a === b ? 0 : a > b ? -1 : 1;
}
