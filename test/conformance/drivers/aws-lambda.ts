// The AWS Lambda rows: each request placed inside a real event fixture of one HTTP format and
// sent through the real middy handler with a Lambda-shaped context. The Lambda control plane
// cannot run here: self-invocations are captured at the SDK client boundary (the adapter builds
// the real InvokeCommand) and run a moment later in another invocation of the handler, as
// Lambda's asynchronous invocation would; drain() waits for every one of them to end.
import type { InvokeCommand } from "@aws-sdk/client-lambda";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import type { CatOps, Store } from "@catops/core";
import { type RunningDynalite, startDynalite } from "../../aws/dynalite.ts";
import { eventFromRequest, type HttpFormat, responseFromResult } from "../../aws/events.ts";
import { installLambdaStreaming, invokeStreaming } from "../../aws/lambda-streaming.mjs";
import type { ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { jobsOf } from "@catops/core/testing";
import { markRunning } from "./killed-run.ts";

/**
 * The deadline of rows whose answers are buffered: there a command's answer comes through a job
 * (a self-invocation and a few table round trips), which needs room on a loaded machine.
 */
export const LAMBDA_JOB_DEADLINE_MS = 1800;

export interface LambdaDriverOptions {
  /** Default `aws-lambda (<format>)`. */
  name?: string;
  format: HttpFormat;
  functionName: string;
  /** The bot for one start; `store` is DynamoDB's when `dynamo` is set. */
  bot(setup: ConformanceSetup, store?: Store): CatOps;
  /** State in DynamoDB (dynalite, in memory, on a loopback port), as deployed. */
  dynamo?: boolean;
  /** Each deferred job's handler result, as drain() delivers it. */
  onJob?(result: unknown): void;
  /** A Function URL in RESPONSE_STREAM mode: the handler streams its answer. */
  streaming?: boolean;
}

export function lambdaDriver(options: LambdaDriverOptions) {
  const { format, functionName } = options;
  return {
    name: options.name ?? `aws-lambda (${format})`,
    async start(setup: ConformanceSetup): Promise<RunningAdapter & { drain(): Promise<void> }> {
      let dynamo: RunningDynalite | undefined;
      if (options.dynamo) {
        dynamo = await startDynalite();
        await dynamo.createTable(functionName);
      }
      const store = dynamo && createDynamoStore({ tableName: functionName, client: dynamo.client });
      // A warm container: the SDK a self-invocation builds its command with is loaded already.
      await import("@aws-sdk/client-lambda");
      const running = new Set<Promise<void>>();
      /** One asynchronous invocation with `payload`, to its end. */
      const invokeAsync = async (payload: unknown): Promise<unknown> => {
        if (!options.streaming) return handler(payload, context());
        // A streaming function invoked asynchronously still writes its result to a stream.
        const answer = await invokeStreaming(handler, payload, context());
        await answer.endedAt;
        return JSON.parse(answer.body);
      };
      const invoke = async (input: InvokeCommand["input"]) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        const payload = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array));
        // Awaited first: `onJob?.(await …)` would skip the invocation when there is no onJob.
        const result = await invokeAsync(payload);
        options.onJob?.(result);
      };
      /** Takes the next self-invocation's payload instead of running it (a killed run). */
      let killNext: ((payload: unknown) => void) | undefined;
      const lambdaClient = {
        send: async (command: InvokeCommand) => {
          const { input } = command;
          if (input.InvocationType !== "Event" || input.FunctionName !== functionName)
            throw new Error(`not an asynchronous self-invocation: ${JSON.stringify(input)}`);
          if (killNext) {
            killNext(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array)));
            killNext = undefined;
            return { StatusCode: 202 };
          }
          const invocation = invoke(input).finally(() => running.delete(invocation));
          running.add(invocation);
          return { StatusCode: 202 };
        },
      };
      if (options.streaming) installLambdaStreaming();
      const bot = options.bot(setup, store);
      const handler = catopsLambda(bot, {
        env: {},
        lambdaClient,
        streaming: options.streaming,
      });
      const context = () => createLambdaContext({ functionName });
      const streamed = async (event: unknown) => {
        const answer = await invokeStreaming(handler, event, context());
        // The invocation goes on after the answer; drain() waits for it as for a job.
        const invocation: Promise<void> = answer.endedAt.then(
          () => void running.delete(invocation),
        );
        running.add(invocation);
        return new Response(answer.body, { status: answer.statusCode, headers: answer.headers });
      };
      const drain = async () => {
        while (running.size > 0) await Promise.all([...running]);
      };
      return {
        async fire(schedule, at) {
          // An EventBridge Scheduler schedule's input, its time filled in by the scheduler.
          const input = {
            kind: "catops.schedule",
            schedule: schedule.name,
            time: at.toISOString(),
          };
          const result = options.streaming
            ? await invokeStreaming(handler, input, context()).then(async (answer) => {
                await answer.endedAt;
                return JSON.parse(answer.body);
              })
            : await handler(input, context());
          if (!(result as { ok?: boolean }).ok) throw new Error(JSON.stringify(result));
        },
        send: async (request) => {
          const event = await eventFromRequest(format, request);
          if (options.streaming) return streamed(event);
          return responseFromResult(await handler(event, context()));
        },
        drain,
        // An invocation with the envelope as its payload, as anyone allowed to invoke could.
        deliverJob: async (envelope) => void (await invokeAsync(envelope)),
        // The invocation starts the run and is killed (a timeout, a crash): Lambda retries it.
        async killNextJob() {
          const payload = await new Promise<unknown>((resolve) => {
            killNext = resolve;
          });
          await markRunning(jobsOf(bot), payload);
          return payload;
        },
        stop: async () => void (await dynamo?.stop()),
      };
    },
  };
}
