// catopsLambda(bot): one middy handler for every event CatOps receives on Lambda.
import {
  type CatOps,
  type CatOpsResponse,
  checkOptions,
  errorResponse,
  isJobEnvelope,
  type JobEnvelope,
  type Logger,
  type PlainRequest,
} from "@catops/core";
import middy, { type MiddyfiedHandler } from "@middy/core";
import { isAlarmStateChange, isCloudWatchAlarmRecord, isSnsEvent } from "./alarms.js";
import { invokeSelf, type LambdaClientLike } from "./defer.js";
import { type EventProcessor, processorFor } from "./events/index.js";
import { createInvocation } from "./runtime.js";
import type { EventBridgeEvent, HttpResult, LambdaContext, SnsEvent } from "./types.js";

export interface CatOpsLambdaOptions {
  /** The function deferred jobs are sent to. Default: this function (context.functionName). */
  functionName?: string;
  /** A LambdaClient of your own. Default: one created on first defer, once per container. */
  lambdaClient?: LambdaClientLike;
  /** Configuration the connectors read (SLACK_SIGNING_SECRET, ...). Default: process.env. */
  env?: Record<string, unknown>;
  /** A path prefix to remove before routing (a custom domain's base path mapping). */
  basePath?: string;
  logger?: Logger;
  /** How long before Lambda's deadline to stop waiting for background work. Default 500 ms. */
  settleMarginMs?: number;
}

/** What the handler needs of a bot. */
export type LambdaBot = Pick<CatOps, "handle" | "runJob" | "alert" | "logger">;

/** What a non-HTTP invocation answers: a job run, alarms handed over, or a refusal. */
export interface InvocationResult {
  ok: boolean;
  jobId?: string;
  alerts?: number;
  skipped?: number;
  error?: string;
}

const OPTION_NAMES = [
  "functionName",
  "lambdaClient",
  "env",
  "basePath",
  "logger",
  "settleMarginMs",
] as const;

export const UNKNOWN_EVENT_ERROR =
  "CatOps cannot handle this event: it is not an HTTP request (API Gateway, Function URL, ALB), " +
  "a CatOps job, a CloudWatch alarm through SNS or an EventBridge alarm state change";

/**
 * A middy handler serving `bot` on Lambda: API Gateway REST (v1), HTTP API (v2), Function URL
 * and ALB requests, its own deferred-job invocations, and CloudWatch alarms (SNS, EventBridge).
 * Add your own middlewares with `.use()`.
 */
export type CatOpsLambdaHandler = MiddyfiedHandler<unknown, HttpResult | InvocationResult>;

export function catopsLambda(
  bot: LambdaBot,
  options: CatOpsLambdaOptions = {},
): CatOpsLambdaHandler {
  checkOptions({ package: "@catops/aws-lambda", fn: "catopsLambda" }, options, OPTION_NAMES);
  const logger = options.logger ?? bot.logger;
  const marginMs = options.settleMarginMs ?? 500;

  const invocation = (context: LambdaContext) =>
    createInvocation(context, { env: options.env ?? process.env, logger, marginMs });

  async function handleHttp(
    processor: EventProcessor,
    event: unknown,
    context: LambdaContext,
  ): Promise<HttpResult> {
    let request: PlainRequest;
    try {
      request = processor.toRequest(event, { basePath: options.basePath });
    } catch (error) {
      logger.warn("malformed HTTP event", { format: processor.format, error });
      return processor.toResult(errorResponse(400, "malformed request"), event);
    }
    const { runtime, settle } = invocation(context);
    const functionName = options.functionName ?? context.functionName;
    runtime.defer = async function deferBySelfInvoke(job: JobEnvelope) {
      try {
        await invokeSelf(job, functionName, options.lambdaClient);
      } catch (error) {
        // Nothing is lost: the job runs here instead, and this answer waits for it.
        logger.error("self-invoke failed; running the job in this invocation", {
          error,
          jobId: job.id,
          functionName,
        });
        runtime.waitUntil?.(bot.runJob(job, runtime));
      }
    };
    let response: CatOpsResponse;
    try {
      response = await bot.handle(request, runtime);
    } catch (error) {
      logger.error("request failed", { error, requestId: context.awsRequestId });
      response = errorResponse(500, "internal error");
    }
    const result = await processor.toResult(response, event);
    await settle();
    return result;
  }

  async function handleJob(job: JobEnvelope, context: LambdaContext): Promise<InvocationResult> {
    const { runtime, settle } = invocation(context);
    try {
      await bot.runJob(job, runtime);
    } catch (error) {
      logger.error("job failed", { error, jobId: job.id });
      return { ok: false, jobId: job.id, error: "job failed; see the function's logs" };
    } finally {
      await settle();
    }
    return { ok: true, jobId: job.id };
  }

  async function handleSns(event: SnsEvent, context: LambdaContext): Promise<InvocationResult> {
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

  async function handleAlarmStateChange(
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

  async function catopsLambdaHandler(
    event: unknown,
    context: LambdaContext,
  ): Promise<HttpResult | InvocationResult> {
    if (isJobEnvelope(event)) return handleJob(event, context);
    const processor = processorFor(event);
    if (processor) return handleHttp(processor, event, context);
    if (isSnsEvent(event)) return handleSns(event, context);
    if (isAlarmStateChange(event)) return handleAlarmStateChange(event, context);
    logger.warn("unrecognised Lambda event", { shape: describe(event) });
    return { ok: false, error: UNKNOWN_EVENT_ERROR };
  }

  return middy<unknown, HttpResult | InvocationResult>(catopsLambdaHandler);
}

/** The event's outline for the log: its type and top-level keys, never its values. */
function describe(event: unknown): string {
  if (event === null || typeof event !== "object") return typeof event;
  if (Array.isArray(event)) return `array(${event.length})`;
  return `{${Object.keys(event).slice(0, 12).join(", ")}}`;
}
