import { updateValue } from "./store/update.js";
import type { CommandEvent, Store } from "./types.js";

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

export function createJobs(store: Store, now: () => number) {
  return {
    async create(record: Omit<JobRecord, "state" | "createdAt">): Promise<JobRecord> {
      const job: JobRecord = { ...record, state: "queued", createdAt: now() };
      await store.set(jobKey(job.id), job, { ttlSeconds: JOB_TTL_SECONDS });
      return job;
    },
    get: (id: string) => store.get<JobRecord>(jobKey(id)),
    async update(id: string, patch: Partial<JobRecord>): Promise<JobRecord | undefined> {
      // Conditional: a cancellation and the job's own end, written at once, both stay.
      const change = (job?: JobRecord) => (job ? { ...job, ...patch } : undefined);
      return (await updateValue(store, jobKey(id), change, { ttlSeconds: JOB_TTL_SECONDS })).value;
    },
    /** Jobs not yet ended (queued or running), oldest first. Needs a store that can list. */
    async unfinished(): Promise<JobRecord[]> {
      if (!store.list) return [];
      const all = await store.list<JobRecord>("job:");
      return all
        .map((entry) => entry.value)
        .filter((job) => !FINAL_STATES.has(job.state))
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    /** Recent jobs, newest first. Needs a store that can list. */
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
