// A bounded, newest-first list of small entries kept under one store key: the indexes that let
// `jobs`, `history` and the start-up sweep read a few keys instead of every record. Written
// through compare-and-set (updateValue), so it works on every store and many writers at once
// all land; pruned on each write, so it never grows past its limit.
import type { Store } from "../types.js";
import { updateValue } from "./update.js";

/** What every entry carries: its id (unique in the list) and when it happened, in ms. */
export interface RecentEntry {
  id: string;
  at: number;
}

export interface RecentListOptions {
  /** The most entries kept; the oldest go first. */
  limit: number;
  /** How long the key lives after its last write, and how old an entry may be before it goes. */
  ttlSeconds: number;
  now: () => number;
}

/** The list under `key`, newest first (empty when there is none). */
export async function readRecent<T extends RecentEntry>(store: Store, key: string): Promise<T[]> {
  return (await store.get<T[]>(key)) ?? [];
}

/** Adds `entry` (replacing one with the same id) and drops what is past the limit or too old. */
export async function pushRecent<T extends RecentEntry>(
  store: Store,
  key: string,
  entry: T,
  options: RecentListOptions,
): Promise<void> {
  const oldest = options.now() - options.ttlSeconds * 1000;
  await updateValue<T[]>(
    store,
    key,
    (list = []) =>
      [entry, ...list.filter((kept) => kept.id !== entry.id && kept.at > oldest)]
        .sort((a, b) => b.at - a.at)
        .slice(0, options.limit),
    { ttlSeconds: options.ttlSeconds, attempts: 100 },
  );
}

/** Removes the entries `ids` names; writes nothing when none is there. */
export async function removeRecent(
  store: Store,
  key: string,
  ids: readonly string[],
  options: Pick<RecentListOptions, "ttlSeconds">,
): Promise<void> {
  const gone = new Set(ids);
  await updateValue<RecentEntry[]>(
    store,
    key,
    (list) => {
      if (!list?.some((entry) => gone.has(entry.id))) return undefined;
      return list.filter((entry) => !gone.has(entry.id));
    },
    { ttlSeconds: options.ttlSeconds, attempts: 100 },
  );
}
