// The chat table through AWS Lambda, one row per HTTP event format: each request is placed in a
// real event fixture of that format and sent through the real middy handler, state in DynamoDB
// (dynalite), self-invocations captured at the SDK boundary and fed back by drain(). A row of its
// own (not a second call in aws-lambda.test.ts): that row's drain() delivers every captured
// invocation of its function name from the start, so a second table there would replay the first.
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { silentLogger } from "@catops/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningDynalite, startDynalite } from "../aws/dynalite.ts";
import { eventFromRequest, HTTP_FORMATS, responseFromResult } from "../aws/events.ts";
import { createConformanceBot } from "./bot.ts";
import { runChatConformance } from "./chat-scenarios.ts";

const lambda = mockClient(LambdaClient);
lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
afterAll(() => lambda.restore());

const jobResults: { functionName: string; result: unknown }[] = [];

for (const format of HTTP_FORMATS) {
  const functionName = `catops-chat-${format}`;
  let dynamo: RunningDynalite | undefined;

  runChatConformance({
    name: `aws-lambda (${format})`,
    async start(setup) {
      dynamo = await startDynalite();
      await dynamo.createTable(functionName);
      const bot = createConformanceBot(setup.env, {
        store: createDynamoStore({ tableName: functionName, client: dynamo.client }),
        logger: silentLogger,
      });
      const handler = catopsLambda(bot, { env: {} });
      const context = () => createLambdaContext({ functionName, timeoutMs: 30_000 });
      let delivered = 0;
      return {
        async send(request) {
          return responseFromResult(
            await handler(await eventFromRequest(format, request), context()),
          );
        },
        async drain() {
          for (;;) {
            const mine = lambda
              .commandCalls(InvokeCommand)
              .filter((call) => call.args[0].input.FunctionName === functionName);
            if (delivered >= mine.length) return;
            const { input } = mine[delivered++]!.args[0];
            const payload = JSON.parse(new TextDecoder().decode(input.Payload));
            jobResults.push({ functionName, result: await handler(payload, context()) });
          }
        },
        async stop() {
          await dynamo?.stop();
        },
      };
    },
  });
}

describe("the aws-lambda chat rows' self-invocations", () => {
  it("ran each row's deferred Mattermost and Discord commands as self-invocations", () => {
    for (const format of HTTP_FORMATS) {
      const jobs = jobResults.filter((job) => job.functionName === `catops-chat-${format}`);
      expect(jobs.length, format).toBe(2);
      for (const job of jobs) expect(job.result).toMatchObject({ ok: true });
    }
  });
});
