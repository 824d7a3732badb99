// The AWS Lambda rows, one per HTTP event format: each request is placed inside a real event
// fixture of that format and sent through the real middy handler with a Lambda-shaped context.
// State lives in DynamoDB (dynalite, in memory, on a loopback port). Self-invocations are
// captured at the SDK boundary, and drain() feeds them back into the handler as Lambda would.
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { createLogger } from "@catops/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningDynalite, startDynalite } from "../aws/dynalite.ts";
import { eventFromRequest, HTTP_FORMATS, responseFromResult } from "../aws/events.ts";
import { createConformanceBot } from "./bot.ts";
import { runConformance } from "./harness.ts";

const lambda = mockClient(LambdaClient);
lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
afterAll(() => lambda.restore());

const jobResults: { functionName: string; result: unknown }[] = [];
const logLines: string[] = [];
const secrets = new Set<string>();

for (const format of HTTP_FORMATS) {
  const functionName = `catops-conformance-${format}`;
  let dynamo: RunningDynalite | undefined;

  runConformance({
    name: `aws-lambda (${format})`,
    async start(setup) {
      dynamo = await startDynalite();
      await dynamo.createTable(functionName);
      for (const value of [setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN])
        secrets.add(value);
      const bot = createConformanceBot(setup.env, {
        store: createDynamoStore({ tableName: functionName, client: dynamo.client }),
        logger: createLogger({ level: "warn", write: (line) => void logLines.push(line) }),
      });
      const handler = catopsLambda(bot, { env: {} });
      const context = () => createLambdaContext({ functionName, timeoutMs: 30_000 });
      let delivered = 0;

      return {
        async send(request) {
          const result = await handler(await eventFromRequest(format, request), context());
          return responseFromResult(result);
        },
        async drain() {
          for (;;) {
            const mine = lambda
              .commandCalls(InvokeCommand)
              .filter((call) => call.args[0].input.FunctionName === functionName);
            if (delivered >= mine.length) return;
            const { input } = mine[delivered++]!.args[0];
            expect(input.InvocationType).toBe("Event");
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

describe("the aws-lambda rows' self-invocations and logs", () => {
  it("deferred commands went out as asynchronous self-invocations, and every job ran", () => {
    for (const format of HTTP_FORMATS) {
      const functionName = `catops-conformance-${format}`;
      const jobs = jobResults.filter((job) => job.functionName === functionName);
      expect(jobs.length, functionName).toBeGreaterThan(0);
      for (const job of jobs) expect(job.result).toMatchObject({ ok: true });
    }
  });

  it("logged the refusals and never a secret", () => {
    const text = logLines.join("\n");
    expect(text).toContain("Slack request refused");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
