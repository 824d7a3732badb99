// Short durations as chat shows and takes them: "5m", "3h", "2d".

/** A duration in ms as the largest whole unit that fits: 42s, 5m, 3h. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** "30m", "12h", "1d", "2w" in ms; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,4})([mhdw])$/.exec(text.trim().toLowerCase());
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}
