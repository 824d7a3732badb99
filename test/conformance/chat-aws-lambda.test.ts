// The chat table through AWS Lambda, one row per HTTP event format: each request is placed in a
// real event fixture of that format and sent through the real middy handler, state in DynamoDB
// (dynalite), self-invocations captured at the SDK client boundary and fed back by drain(). A
// row of its own (not a second call in aws-lambda.test.ts), so each table's job results stay apart.
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { HTTP_FORMATS } from "../aws/events.ts";
import { createConformanceBot } from "@catops/conformance/bot";
import { runChatConformance } from "@catops/conformance";
import { LAMBDA_JOB_DEADLINE_MS, lambdaDriver } from "./drivers/aws-lambda.ts";

const jobResults: { functionName: string; result: unknown }[] = [];

for (const format of HTTP_FORMATS) {
  const functionName = `catops-chat-${format}`;
  runChatConformance(
    lambdaDriver({
      format,
      functionName,
      dynamo: true,
      bot: (setup, store) =>
        createConformanceBot(setup.env, {
          store,
          logger: silentLogger,
          deadlineMs: LAMBDA_JOB_DEADLINE_MS,
        }),
      onJob: (result) => void jobResults.push({ functionName, result }),
    }),
  );
}

describe("the aws-lambda chat rows' self-invocations", () => {
  it("ran each row's commands as self-invocations, and every one ended well", () => {
    for (const format of HTTP_FORMATS) {
      const jobs = jobResults.filter((job) => job.functionName === `catops-chat-${format}`);
      // Buffered answers run every plugin command as a job, deferred or not: more than the
      // six deferred ones (slow on four platforms, long on Teams and Google Chat).
      expect(jobs.length, format).toBeGreaterThan(6);
      for (const job of jobs) expect(job.result).toMatchObject({ ok: true });
    }
  });
});
