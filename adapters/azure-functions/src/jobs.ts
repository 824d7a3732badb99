// The queue-triggered function: runs one deferred job. A job that throws is rethrown so the
// platform retries it; on the last delivery it is marked failed and the user is told, rather
// than left to the poison queue in silence.
import type { InvocationContext } from "@azure/functions";
import type { CatOps, JobEnvelope, Runtime } from "@catops/core";
import { decodeJobMessage } from "./defer.js";
import type { InvocationRuntime } from "./types.js";

export interface JobHandlerOptions {
  maxDequeueCount: number;
  runtimeFor(context: InvocationContext, startedAt: number): InvocationRuntime;
}

export function createJobHandler(bot: CatOps, options: JobHandlerOptions) {
  return async function runQueuedJob(message: unknown, context: InvocationContext): Promise<void> {
    const runtime = options.runtimeFor(context, Date.now());
    const log = runtime.logger ?? bot.logger;
    const envelope = decodeJobMessage(message);
    if (!envelope) {
      // Retrying cannot make it a job; dropping it here keeps the poison queue for real failures.
      log.error("queue message is not a CatOps job; dropped", {
        messageId: context.triggerMetadata?.id,
      });
      return;
    }
    const attempt = Number(context.triggerMetadata?.dequeueCount ?? 1) || 1;
    try {
      await bot.runJob(envelope, runtime);
    } catch (error) {
      if (attempt < options.maxDequeueCount) {
        log.warn("job failed; the queue will deliver it again", {
          error,
          jobId: envelope.id,
          attempt,
        });
        throw error;
      }
      log.error("job failed on its last delivery; giving up", {
        error,
        jobId: envelope.id,
        attempt,
      });
      await giveUp(bot, envelope, attempt, runtime);
    } finally {
      await runtime.settle();
      runtime.end();
    }
  };
}

/** The queue's last delivery failed too: the core ends the job and tells its channel. */
async function giveUp(bot: CatOps, envelope: JobEnvelope, attempts: number, runtime: Runtime) {
  const log = runtime.logger ?? bot.logger;
  await bot
    .abandonJob(
      envelope.id,
      { state: "failed", reason: `failed after ${attempts} attempts and will not be retried` },
      { ...runtime, requestId: runtime.requestId ?? envelope.requestId ?? envelope.id },
    )
    .catch((error) => log.error("could not end the job", { error, jobId: envelope.id }));
}
