// The CloudEvent function: runs deferred jobs published to Pub/Sub by the HTTP function.
import { type CatOps, checkAdapterOptions, isScheduleEnvelope } from "@catops/core";
import { jobFromCloudEvent, messageFromCloudEvent } from "./message.js";
import { type FunctionOptions, invocationRuntime, resolveEnv, resolveLogger } from "./runtime.js";
import { runScheduledMessage, type ScheduleBot } from "./scheduled.js";
import type { CloudEvent, CloudEventHandler } from "./types.js";

export type PubSubFunctionOptions = FunctionOptions;

/**
 * A CloudEvent function for google.cloud.pubsub.topic.v1.messagePublished events carrying job
 * envelopes, or naming a schedule Cloud Scheduler fires (scheduled.ts). A message that is not a job is logged and acknowledged (retrying cannot fix it);
 * a job that fails to run throws, so a subscription with retries delivers it again.
 */
export function catopsPubSub(
  bot: Pick<CatOps, "runJob"> & Partial<ScheduleBot>,
  options: PubSubFunctionOptions = {},
): CloudEventHandler {
  checkAdapterOptions(
    { package: "@catops/gcp-functions", fn: "catopsPubSub" },
    options,
    [],
    ["env", "logger"],
  );
  const env = resolveEnv(options);
  const logger = resolveLogger(options, env);

  return async function handleCloudEvent(event: CloudEvent<unknown>): Promise<void> {
    const message = messageFromCloudEvent(event);
    if (message.ok && isScheduleEnvelope(message.message)) {
      const runtime = invocationRuntime({ env, logger, requestId: event.id });
      return runScheduledMessage(bot, message.message, event, runtime, logger);
    }
    const decoded = jobFromCloudEvent(event);
    if (!decoded.ok) {
      logger.error("Pub/Sub message dropped", { reason: decoded.reason, eventId: event.id });
      return;
    }
    const { job } = decoded;
    const runtime = invocationRuntime({ env, logger, requestId: job.requestId ?? event.id });
    try {
      await bot.runJob(job, runtime);
    } catch (error) {
      logger.error("job failed to run", { error, jobId: job.id, eventId: event.id });
      throw new Error(`job ${job.id} failed to run`);
    } finally {
      await runtime.settle();
    }
  };
}
