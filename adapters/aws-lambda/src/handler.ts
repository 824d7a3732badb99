// catopsLambda(bot): one middy-compatible handler for every event CatOps receives on Lambda.
import {
  type AdapterOptions,
  type CatOps,
  type CatOpsResponse,
  checkAdapterOptions,
  errorResponse,
  isJobEnvelope,
  isScheduleEnvelope,
  isThenable,
  type JobEnvelope,
  onFirstUse,
  type PlainRequest,
} from "@catops/core";
import type { MiddyfiedHandler } from "@middy/core";
import { isAlarmStateChange, isSnsEvent } from "./alarms.js";
import type { LambdaClientLike } from "./defer.js";
import { httpFormatOf } from "./events/formats.js";
import type { EventProcessor } from "./events/shared.js";
import { middyOnUse } from "./middy-on-use.js";
import { createInvocation } from "./runtime.js";
import type { ScheduledResult } from "./scheduled.js";
import { streamed } from "./streaming.js";
import type { HttpResult, LambdaContext } from "./types.js";

/**
 * `env` defaults to process.env, `logger` to the bot's, and `basePath` is a custom domain's base
 * path mapping.
 */
export interface CatOpsLambdaOptions extends AdapterOptions {
  /** The function deferred jobs are sent to. Default: this function (context.functionName). */
  functionName?: string;
  /** A LambdaClient of your own. Default: one created on first defer, once per container. */
  lambdaClient?: LambdaClientLike;
  /** How long before Lambda's deadline to stop waiting for background work. Default 500 ms. */
  settleMarginMs?: number;
  /**
   * Serve a Function URL whose invoke mode is RESPONSE_STREAM: the answer goes out as soon as it
   * is ready and late replies run on in the same invocation, as on Workers. Without it (API
   * Gateway, ALB, a buffered Function URL) nothing can run after the answer, so a command that
   * is not deferred runs as a job (an asynchronous self-invocation) and the answer waits for it
   * until the deadline. Needs the Lambda Node.js runtime's `awslambda` global.
   */
  streaming?: boolean;
}

/** What the handler needs of a bot. */
export type LambdaBot = Pick<
  CatOps,
  "handle" | "runJob" | "alert" | "logger" | "runSchedule" | "schedules"
>;

/** What a non-HTTP invocation answers: a job run, alarms handed over, or a refusal. */
export interface InvocationResult {
  ok: boolean;
  jobId?: string;
  alerts?: number;
  skipped?: number;
  error?: string;
}

const OWN_OPTIONS = ["functionName", "lambdaClient", "settleMarginMs", "streaming"];

export const UNKNOWN_EVENT_ERROR =
  "CatOps cannot handle this event: it is not an HTTP request (API Gateway, Function URL, ALB), " +
  "a CatOps job or schedule, a CloudWatch alarm through SNS or an EventBridge alarm state change";

/**
 * A streamed answer's late work, kept on the invocation's context until the stream has ended. A
 * property, not a WeakMap keyed by the context: an entry made and dropped every invocation cost
 * a warm event a quarter of a microsecond, and the collector more.
 */
const SETTLE_AFTER_STREAM = Symbol("catops.settleAfterStream");
type StreamedContext = { [SETTLE_AFTER_STREAM]?: () => Promise<void> | undefined };

/**
 * A middy handler serving `bot` on Lambda: API Gateway REST (v1), HTTP API (v2), Function URL
 * and ALB requests, its own deferred-job invocations, and CloudWatch alarms (SNS, EventBridge).
 * Add your own middlewares with `.use()`.
 */
export type CatOpsLambdaHandler = MiddyfiedHandler<
  unknown,
  HttpResult | InvocationResult | ScheduledResult
>;

export function catopsLambda(
  bot: LambdaBot,
  options: CatOpsLambdaOptions = {},
): CatOpsLambdaHandler {
  const { basePath } = checkAdapterOptions(
    { package: "@catops/aws-lambda", fn: "catopsLambda" },
    options,
    OWN_OPTIONS,
  );
  const logger = options.logger ?? bot.logger;
  const marginMs = options.settleMarginMs ?? 500;
  const streaming = options.streaming === true;

  const invocation = (context: LambdaContext, afterAnswer = true) =>
    createInvocation(context, { env: options.env ?? process.env, logger, marginMs, afterAnswer });

  async function handleHttp(
    processor: EventProcessor,
    event: unknown,
    context: LambdaContext,
  ): Promise<HttpResult> {
    let request: PlainRequest;
    try {
      request = processor.toRequest(event, { basePath });
    } catch (error) {
      logger.warn("malformed HTTP event", { format: processor.format, error });
      return processor.toResult(errorResponse(400, "malformed request"), event);
    }
    // Only a Function URL streams its answer; API Gateway and ALB buffer it even then.
    const streamed = streaming && processor.format === "function-url";
    const { runtime, settle } = invocation(context, streamed);
    const functionName = options.functionName ?? context.functionName;
    // A failed self-invoke throws: the core tells the user the job could not be started.
    runtime.defer = async (job: JobEnvelope) =>
      (await import("./defer.js")).invokeSelf(job, functionName, options.lambdaClient);
    let response: CatOpsResponse;
    try {
      response = await bot.handle(request, runtime);
    } catch (error) {
      logger.error("request failed", { error, requestId: context.awsRequestId });
      response = errorResponse(500, "internal error");
    }
    if (streamed) (context as StreamedContext)[SETTLE_AFTER_STREAM] = settle;
    return processor.toResult(response, event);
  }

  // Jobs, schedules and alarms load with the first of them: a request never needs them.
  const invocations = onFirstUse(async () =>
    (await import("./invocations.js")).createInvocationHandlers(bot, logger, invocation),
  );

  async function catopsLambdaHandler(
    event: unknown,
    context: LambdaContext,
  ): Promise<HttpResult | InvocationResult | ScheduledResult> {
    if (isJobEnvelope(event)) return (await invocations()).job(event, context);
    if (isScheduleEnvelope(event)) return (await invocations()).schedule(event, context);
    const format = httpFormatOf(event);
    if (format) {
      const processor = format.processor();
      return handleHttp(isThenable(processor) ? await processor : processor, event, context);
    }
    if (isSnsEvent(event)) return (await invocations()).sns(event, context);
    if (isAlarmStateChange(event)) return (await invocations()).alarmStateChange(event, context);
    logger.warn("unrecognised Lambda event", { shape: describe(event) });
    return { ok: false, error: UNKNOWN_EVENT_ERROR };
  }

  const handler = middyOnUse(catopsLambdaHandler);
  if (!streaming) return handler;
  return streamed(handler, {
    streamsHttp: (event) => httpFormatOf(event)?.format === "function-url",
    afterAnswer(context) {
      const slot = context as StreamedContext;
      const settle = slot[SETTLE_AFTER_STREAM];
      slot[SETTLE_AFTER_STREAM] = undefined;
      return settle?.();
    },
  });
}

/** The event's outline for the log: its type and top-level keys, never its values. */
function describe(event: unknown): string {
  if (event === null || typeof event !== "object") return typeof event;
  if (Array.isArray(event)) return `array(${event.length})`;
  return `{${Object.keys(event).slice(0, 12).join(", ")}}`;
}
