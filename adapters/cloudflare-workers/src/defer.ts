import type { CatOps, JobEnvelope, Runtime } from "@catops/core";
import type { Queue } from "./types.js";

/** The Queue producer binding named `name`, when the env has one. */
export function queueBinding(env: Record<string, unknown>, name: string): Queue | undefined {
  const binding = env[name] as Partial<Queue> | undefined;
  return binding && typeof binding.send === "function" ? (binding as Queue) : undefined;
}

/**
 * Where a deferred job goes. A command that declared `defer: 'long'` may outlast what
 * waitUntil allows, so it is sent to the queue when there is one; every other job runs in
 * this invocation after the answer, through waitUntil.
 */
export function deferTo(target: {
  bot: Pick<CatOps, "runJob" | "logger">;
  runtime: Runtime;
  queue?: Queue;
  /** How long waitUntil keeps the invocation alive after the answer, in ms. */
  waitUntilMs: number;
}): (job: JobEnvelope) => Promise<void> {
  const { bot, runtime, queue, waitUntilMs } = target;
  return async function deferJob(job) {
    if (job.long && queue) {
      await queue.send(job, { contentType: "json" });
      return;
    }
    // The answer goes out right after this; the job must end (and say so) before waitUntil does.
    const remainingMs = timeLeft(waitUntilMs);
    const running = bot
      .runJob(job, { ...runtime, remainingMs })
      .catch((error: unknown) =>
        (runtime.logger ?? bot.logger).error("job failed", { error, jobId: job.id }),
      );
    if (runtime.waitUntil) runtime.waitUntil(running);
    else await running;
  };
}

/** A countdown from now: what `Runtime.remainingMs` reports. */
export function timeLeft(limitMs: number, now: () => number = Date.now): () => number {
  const started = now();
  return () => limitMs - (now() - started);
}
