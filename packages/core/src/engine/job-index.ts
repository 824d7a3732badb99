// Where `jobs` and the start-up sweep find jobs without listing every record: per channel and
// per user the most recent job ids, and the ids of the jobs not yet ended, each a bounded list
// under a key of its own (store/recent-list.ts). Reading one costs the same with a hundred
// records in the store or a million.
import { pushRecent, type RecentEntry, readRecent, removeRecent } from "../store/recent-list.js";
import type { Store } from "../types.js";

/** How many jobs each channel's and each user's list keeps. */
export const RECENT_JOBS_KEPT = 50;
/** The unfinished jobs are spread over this many keys, so their writers rarely collide. */
const UNFINISHED_SHARDS = 8;
/** A bound no real bot reaches (jobs unfinished at once); it keeps a key from growing without end. */
const UNFINISHED_KEPT = 2000;

/** Which jobs to list: those of a channel, or those a user started. */
export interface JobScope {
  channelId?: string;
  userId?: string;
}

const channelKey = (id: string) => `jobs-index:channel:${id}`;
const userKey = (id: string) => `jobs-index:user:${id}`;
const unfinishedKey = (shard: number) => `jobs-index:unfinished:${shard}`;

function shardOf(id: string): number {
  let sum = 0;
  for (let i = 0; i < id.length; i++) sum = (sum + id.charCodeAt(i)) % UNFINISHED_SHARDS;
  return sum;
}

export function createJobIndex(store: Store, now: () => number, ttlSeconds: number) {
  const options = (limit: number) => ({ limit, ttlSeconds, now });
  return {
    /** Files a new job under its channel, its user and the unfinished jobs. */
    async add(id: string, at: number, scope: JobScope): Promise<void> {
      const entry: RecentEntry = { id, at };
      await Promise.all([
        scope.channelId
          ? pushRecent(store, channelKey(scope.channelId), entry, options(RECENT_JOBS_KEPT))
          : undefined,
        scope.userId
          ? pushRecent(store, userKey(scope.userId), entry, options(RECENT_JOBS_KEPT))
          : undefined,
        pushRecent(store, unfinishedKey(shardOf(id)), entry, options(UNFINISHED_KEPT)),
      ]);
    },
    /** The job has ended: it leaves the unfinished jobs. */
    ended: (id: string) => removeRecent(store, unfinishedKey(shardOf(id)), [id], { ttlSeconds }),
    /** Drops ids from the unfinished jobs (their records ended or are gone). */
    forget: (ids: readonly string[]) =>
      Promise.all(
        Array.from({ length: UNFINISHED_SHARDS }, (_, shard) => {
          const here = ids.filter((id) => shardOf(id) === shard);
          return here.length > 0
            ? removeRecent(store, unfinishedKey(shard), here, { ttlSeconds })
            : undefined;
        }),
      ),
    /** The newest job ids of a channel (or, without one, of a user), newest first. */
    async recent(scope: JobScope): Promise<RecentEntry[]> {
      if (scope.channelId) return readRecent(store, channelKey(scope.channelId));
      if (scope.userId) return readRecent(store, userKey(scope.userId));
      return [];
    },
    /** The ids of jobs not yet ended, oldest first. */
    async unfinished(): Promise<RecentEntry[]> {
      const shards = await Promise.all(
        Array.from({ length: UNFINISHED_SHARDS }, (_, shard) =>
          readRecent(store, unfinishedKey(shard)),
        ),
      );
      return shards.flat().sort((a, b) => a.at - b.at);
    },
  };
}

export type JobIndex = ReturnType<typeof createJobIndex>;
