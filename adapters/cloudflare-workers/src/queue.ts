// The Queue consumer: each message a deferred job the Worker sent itself, run by `bot.runJob`
// with what is left of the invocation. Loaded with the first batch, never by a request.
import { type CatOps, isJobEnvelope } from "@catops/core";
import { timeLeft } from "./defer.js";
import { invocationRuntime, type RuntimeSettings } from "./runtime.js";
import type { ExecutionContext, MessageBatch } from "./types.js";

export function createQueueHandler<Env extends object>(
  botFor: (env: Env) => Promise<CatOps>,
  settings: RuntimeSettings & { queueMs: number },
) {
  return async function queue(batch: MessageBatch, env: Env, ctx: ExecutionContext) {
    const bot = await botFor(env);
    const logger = settings.logger ?? bot.logger;
    const base = {
      ...invocationRuntime(env, ctx, settings),
      remainingMs: timeLeft(settings.queueMs),
    };
    await Promise.all(
      batch.messages.map(async (message) => {
        const envelope = message.body;
        if (!isJobEnvelope(envelope)) {
          // Retrying cannot make it a job; acknowledging keeps it from blocking the queue.
          logger.warn("queue message is not a CatOps job; dropped", {
            queue: batch.queue,
            messageId: message.id,
          });
          message.ack();
          return;
        }
        try {
          await bot.runJob(envelope, { ...base, requestId: envelope.requestId });
          message.ack();
        } catch (error) {
          logger.error("job failed; the queue will deliver it again", {
            error,
            jobId: envelope.id,
            attempts: message.attempts,
          });
          message.retry();
        }
      }),
    );
  };
}
