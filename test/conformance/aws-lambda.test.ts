// The AWS Lambda rows, one per HTTP event format, and a Function URL streaming its answers: each
// request is placed inside a real event fixture of that format and sent through the real middy
// handler with a Lambda-shaped context. State lives in DynamoDB (dynalite, in memory, on a
// loopback port). Self-invocations are captured at the SDK client boundary and run as Lambda's
// asynchronous invocations would.
import { createLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { HTTP_FORMATS } from "../aws/events.ts";
import { createConformanceBot } from "@catops/conformance/bot";
import { LAMBDA_JOB_DEADLINE_MS, lambdaDriver } from "./drivers/aws-lambda.ts";
import { runConformance } from "@catops/conformance";

const jobResults: { functionName: string; result: unknown }[] = [];
const logLines: string[] = [];
const secrets = new Set<string>();

const rows = [
  ...HTTP_FORMATS.map((format) => ({ format, streaming: false })),
  { format: "function-url" as const, streaming: true },
];
for (const { format, streaming } of rows) {
  const functionName = `catops-conformance-${format}${streaming ? "-streaming" : ""}`;
  runConformance(
    lambdaDriver({
      ...(streaming ? { name: "aws-lambda (function-url, response streaming)" } : {}),
      format,
      streaming,
      functionName,
      dynamo: true,
      bot(setup, store) {
        for (const value of [setup.env.SLACK_SIGNING_SECRET, setup.env.SLACK_BOT_TOKEN])
          secrets.add(value);
        return createConformanceBot(setup.env, {
          store,
          ...(streaming ? {} : { deadlineMs: LAMBDA_JOB_DEADLINE_MS }),
          logger: createLogger({ level: "warn", write: (line) => void logLines.push(line) }),
        });
      },
      onJob: (result) => void jobResults.push({ functionName, result }),
    }),
  );
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
