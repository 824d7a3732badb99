import { createJobIndex, type JobScope } from "./job-index.js";
import { updateValue } from "../store/update.js";
import type { CommandEvent, Store } from "../types.js";

export type { JobScope } from "./job-index.js";

export type JobState =
  | "queued"
  | "running"
  | "succeeded"
  | "failed"
  | "cancelled"
  | "timed_out"
  /** Its run was cut short (a process died or shut down, a queue gave up) and will not resume. */
  | "interrupted";

/** One deferred run, as kept in the store. */
export interface JobRecord {
  id: string;
  command: string;
  user?: CommandEvent["user"];
  channel?: CommandEvent["channel"];
  connector: string;
  /** Where the job's late replies go: an envelope naming another address is refused. */
  responseUrl?: string;
  state: JobState;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  /** A short result or failure line. */
  result?: string;
  progress?: string;
  /** Set when the job's reply could not be delivered to the chat: why. */
  deliveryError?: string;
  /** Set when someone asked to cancel it; the running job watches for this. */
  cancelRequested?: { by?: string; at: number };
}

export const JOB_TTL_SECONDS = 7 * 24 * 3600;
const jobKey = (id: string) => `job:${id}`;

export const FINAL_STATES: ReadonlySet<JobState> = new Set([
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
  "interrupted",
]);

/** A job whose record has not appeared after this long was never created: its index entry goes. */
const ORPHAN_ENTRY_MS = 60_000;

export function createJobs(store: Store, now: () => number) {
  const index = createJobIndex(store, now, JOB_TTL_SECONDS);
  const get = (id: string) => store.get<JobRecord>(jobKey(id));
  /** The records of `ids` that still exist, in the order given. */
  const records = async (ids: readonly string[]) =>
    (await Promise.all(ids.map(get))).filter((job): job is JobRecord => job !== undefined);

  return {
    async create(record: Omit<JobRecord, "state" | "createdAt">): Promise<JobRecord> {
      const job: JobRecord = { ...record, state: "queued", createdAt: now() };
      await Promise.all([
        store.set(jobKey(job.id), job, { ttlSeconds: JOB_TTL_SECONDS }),
        index.add(job.id, job.createdAt, { channelId: job.channel?.id, userId: job.user?.id }),
      ]);
      return job;
    },
    get,
    async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
      // Conditional: a cancellation and the job's own end, written at once, both stay.
      const change = (job?: JobRecord) => (job ? { ...job, ...patch } : undefined);
      const { value } = await updateValue(store, jobKey(id), change, {
        ttlSeconds: JOB_TTL_SECONDS,
      });
      if (patch.state && FINAL_STATES.has(patch.state)) await index.ended(id);
      return value;
    },
    /**
     * Jobs not yet ended (queued or running), oldest first, from the index of unfinished jobs:
     * the cost grows with the jobs running, not with every record kept. Entries whose job has
     * ended (or whose record never appeared) are dropped from the index on the way.
     */
    async unfinished(): Promise<JobRecord[]> {
      const entries = await index.unfinished();
      const found = await Promise.all(entries.map((entry) => get(entry.id)));
      const stale = entries.filter((entry, i) => {
        const job = found[i];
        return job ? FINAL_STATES.has(job.state) : entry.at < now() - ORPHAN_ENTRY_MS;
      });
      if (stale.length > 0) await index.forget(stale.map((entry) => entry.id));
      return found.filter(
        (job): job is JobRecord => job !== undefined && !FINAL_STATES.has(job.state),
      );
    },
    /**
     * The most recent jobs of a channel, or (given only a user) those the user started, newest
     * first: one index read and at most `limit` record reads, however many records there are.
     */
    async recentIn(scope: JobScope, limit = 10): Promise<JobRecord[]> {
      const entries = await index.recent(scope);
      return records(entries.slice(0, limit).map((entry) => entry.id));
    },
    /**
     * Every job kept, newest first: reads every record, so its cost grows with them. For tests
     * and tooling; chat and request paths use `recentIn`. Needs a store that can list.
     */
    async recent(limit = 10): Promise<JobRecord[]> {
      if (!store.list) return [];
      const all = await store.list<JobRecord>("job:");
      return all
        .map((entry) => entry.value)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, limit);
    },
  };
}

export type Jobs = ReturnType<typeof createJobs>;
