import { methodOnFirstUse, onFirstUse } from "../first-use.js";
import type { Store } from "../types.js";
import type { Cancellation } from "./cancel.js";
import type { Jobs } from "./jobs.js";

/**
 * The bot's job records, their code loaded with the first one read or written: a command
 * answered at once never touches them, so a slash command's cold start does not load them.
 */
export function jobsOnFirstUse(store: Store, now: () => number): Jobs {
  const load = onFirstUse(async () => (await import("./jobs.js")).createJobs(store, now));
  return {
    create: methodOnFirstUse(load, "create"),
    get: methodOnFirstUse(load, "get"),
    update: methodOnFirstUse(load, "update"),
    unfinished: methodOnFirstUse(load, "unfinished"),
    recentIn: methodOnFirstUse(load, "recentIn"),
    recent: methodOnFirstUse(load, "recent"),
  };
}

/** The watch on running jobs for a cancel, loaded with the first job that runs or is cancelled. */
export function cancellationOnFirstUse(jobs: Jobs, pollMs: number): () => Promise<Cancellation> {
  return onFirstUse(async () => (await import("./cancel.js")).createCancellation(jobs, pollMs));
}
