// Node's defer: a job goes to the shared queue every replica works (PostgreSQL) when there is
// one, else it runs in this process on the next turn, tracked by id so a shutdown can name it.
import type { JobEnvelope, Runtime } from "@catops/core";
import type { JobRunner, SharedJobQueue } from "./types.js";

export interface InProcessDefer {
  /** Background work is tracked here, so a shutdown can wait for it. */
  track(promise: Promise<unknown>): void;
  runtime: Runtime;
  runJob?: JobRunner;
  queue?: SharedJobQueue;
}

/** The runtime's `defer`, or undefined when neither a queue nor a job runner is given. */
export function deferIn(
  options: InProcessDefer,
  running: Map<string, JobEnvelope>,
): Runtime["defer"] {
  const { queue, runJob, runtime, track } = options;
  if (queue) return (job) => queue.send(job);
  if (!runJob) return undefined;
  return async (job) => {
    running.set(job.id, job);
    // Started on the next turn, so the acknowledgement goes out before the job's first await.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => runJob(job, runtime))
      .finally(() => running.delete(job.id));
    track(run);
  };
}
