// What a Lambda invocation that is not an HTTP request runs: a deferred job, a schedule's firing,
// CloudWatch alarms (SNS, EventBridge). Loaded with the first of them: a slash command's cold
// start never needs it.
import type { JobEnvelope, Logger, ScheduleEnvelope } from "@catops/core";
import type { InvocationResult, LambdaBot } from "./handler.js";
import type { Invocation } from "./runtime.js";
import { runScheduled, type ScheduledResult } from "./scheduled.js";
import type { EventBridgeEvent, LambdaContext, SnsEvent, SnsRecord } from "./types.js";

/** The handler's way of starting an invocation: its runtime, and what settles it. */
type StartInvocation = (context: LambdaContext) => Invocation;

export function createInvocationHandlers(
  bot: LambdaBot,
  logger: Logger,
  invocation: StartInvocation,
) {
  async function job(envelope: JobEnvelope, context: LambdaContext): Promise<InvocationResult> {
    const { runtime, settle } = invocation(context);
    try {
      await bot.runJob(envelope, runtime);
    } catch (error) {
      logger.error("job failed", { error, jobId: envelope.id });
      return { ok: false, jobId: envelope.id, error: "job failed; see the function's logs" };
    } finally {
      await settle();
    }
    return { ok: true, jobId: envelope.id };
  }

  async function schedule(
    envelope: ScheduleEnvelope,
    context: LambdaContext,
  ): Promise<ScheduledResult> {
    const { runtime, settle } = invocation(context);
    return runScheduled(bot, envelope, runtime).finally(settle);
  }

  async function sns(event: SnsEvent, context: LambdaContext): Promise<InvocationResult> {
    const { runtime, settle } = invocation(context);
    let alerts = 0;
    let skipped = 0;
    try {
      for (const record of event.Records) {
        if (!isCloudWatchAlarmRecord(record)) {
          skipped++;
          logger.warn("SNS message is not a CloudWatch alarm; ignored", {
            topic: record.Sns.TopicArn,
            messageId: record.Sns.MessageId,
          });
          continue;
        }
        // A failure here is thrown on purpose: Lambda retries the event, then keeps it in the
        // function's dead-letter queue or failure destination.
        await bot.alert("cloudwatch-sns", record, runtime);
        alerts++;
      }
    } finally {
      await settle();
    }
    return { ok: true, alerts, skipped };
  }

  async function alarmStateChange(
    event: EventBridgeEvent,
    context: LambdaContext,
  ): Promise<InvocationResult> {
    const { runtime, settle } = invocation(context);
    try {
      await bot.alert("cloudwatch-eventbridge", event, runtime);
    } finally {
      await settle();
    }
    return { ok: true, alerts: 1 };
  }

  return { job, schedule, sns, alarmStateChange };
}

/** A CloudWatch alarm notification carries the alarm as JSON in the SNS message. */
export function isCloudWatchAlarmRecord(record: SnsRecord): boolean {
  try {
    const message = JSON.parse(record.Sns.Message) as Record<string, unknown> | null;
    return typeof message?.AlarmName === "string" && typeof message.NewStateValue === "string";
  } catch {
    return false;
  }
}
