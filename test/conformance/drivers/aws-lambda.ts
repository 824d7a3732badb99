// The AWS Lambda rows: each request placed inside a real event fixture of one HTTP format and
// sent through the real middy handler with a Lambda-shaped context. The Lambda control plane
// cannot run here: self-invocations are captured at the SDK client boundary (the adapter builds
// the real InvokeCommand) and drain() feeds them back to the handler, as Lambda would.
import type { InvokeCommand } from "@aws-sdk/client-lambda";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import type { CatOps, Store } from "@catops/core";
import { type RunningDynalite, startDynalite } from "../../aws/dynalite.ts";
import { eventFromRequest, type HttpFormat, responseFromResult } from "../../aws/events.ts";
import type { ConformanceSetup, RunningAdapter } from "../harness.ts";

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
      const invocations: InvokeCommand["input"][] = [];
      const lambdaClient = {
        send: async (command: InvokeCommand) => {
          invocations.push(command.input);
          return { StatusCode: 202 };
        },
      };
      const handler = catopsLambda(options.bot(setup, store), { env: {}, lambdaClient });
      const context = () => createLambdaContext({ functionName });
      const drain = async () => {
        for (let input = invocations.shift(); input; input = invocations.shift()) {
          if (input.InvocationType !== "Event" || input.FunctionName !== functionName)
            throw new Error(`not an asynchronous self-invocation: ${JSON.stringify(input)}`);
          const payload = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array));
          const result = await handler(payload, context());
          options.onJob?.(result);
        }
      };
      return {
        send: async (request) =>
          responseFromResult(await handler(await eventFromRequest(format, request), context())),
        drain,
        stop: async () => void (await dynamo?.stop()),
      };
    },
  };
}
