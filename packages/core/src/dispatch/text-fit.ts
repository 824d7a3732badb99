// Cutting text to a platform's limits without breaking what is shown: never inside a surrogate
// pair, and never leaving a code block open.

const TRUNCATED = "\n… (truncated)";

/** Cuts text to `max` characters with a marker, never inside a surrogate pair or an open code block. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const fence = "\n```";
  let cut = max - TRUNCATED.length - fence.length;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const kept = text.slice(0, cut);
  const openFence = (kept.match(/```/g)?.length ?? 0) % 2 === 1;
  return kept + (openFence ? fence : "") + TRUNCATED;
}

/** Cuts a short label to `max` characters ending in "…", never inside a surrogate pair. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** The first half of a UTF-16 surrogate pair: a cut after it would split a character. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
