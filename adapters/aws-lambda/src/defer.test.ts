import { jobsOf } from "@catops/core/testing";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { JobEnvelope, JobRecord } from "@catops/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventFromRequest, responseFromResult } from "../../../test/aws/events.ts";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { encodeEnvelope, MAX_ASYNC_PAYLOAD_BYTES } from "./defer.js";
import { catopsLambda } from "./handler.js";
import { commandRequest, createTestBot } from "./test-bot.js";
import { createLambdaContext } from "./testing.js";

// The Lambda API cannot run here: the client is stubbed at the SDK boundary, and each captured
// payload is fed back into the handler as the asynchronous invocation Lambda would make.
const lambda = mockClient(LambdaClient);
let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(async () => {
  lambda.restore();
  await recorder.close();
});
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
});

const payloadOf = (call: number) =>
  JSON.parse(
    new TextDecoder().decode(
      lambda.commandCalls(InvokeCommand)[call]!.args[0].input.Payload as Uint8Array,
    ),
  ) as JobEnvelope;

describe("deferred commands by async self-invoke", () => {
  it("acknowledges, invokes itself with the job, and the job invocation answers late", async () => {
    const bot = createTestBot();
    const handler = catopsLambda(bot);
    const context = createLambdaContext({ functionName: "catops-prod" });
    const url = `${recorder.url}/response/${Date.now()}`;
    const event = await eventFromRequest("api-gateway-v1", commandRequest("build", url));

    const answer = await responseFromResult(await handler(event, context)).json();
    expect(answer.reply.text).toMatch(/^Running `build`… \(job `[\w-]+`\)$/);

    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toMatchObject({
      FunctionName: "catops-prod",
      InvocationType: "Event",
    });
    const job = payloadOf(0);
    expect(job).toMatchObject({
      kind: "catops.job",
      connector: "test",
      requestId: context.awsRequestId,
    });
    expect(answer.reply.text).toContain(job.id);
    expect((await jobsOf(bot).get(job.id))?.state).toBe("queued");
    expect(recorder.requests.some((r) => url.endsWith(r.path))).toBe(false);

    const jobContext = createLambdaContext({ functionName: "catops-prod" });
    expect(await handler(job, jobContext)).toEqual({ ok: true, jobId: job.id });
    expect((await jobsOf(bot).get(job.id))?.state).toBe("succeeded");
    const late = await recorder.waitFor((r) => url.endsWith(r.path));
    expect(late.json).toMatchObject({ text: "built" });
  });

  it("runs a job delivered twice only once", async () => {
    const bot = createTestBot();
    const handler = catopsLambda(bot);
    const url = `${recorder.url}/twice/${Date.now()}`;
    await handler(
      await eventFromRequest("alb", commandRequest("build", url)),
      createLambdaContext(),
    );
    const job = payloadOf(0);
    await handler(job, createLambdaContext());
    await handler(job, createLambdaContext());
    expect(recorder.requests.filter((r) => url.endsWith(r.path))).toHaveLength(1);
  });

  it("sends jobs to the function named in the options", async () => {
    const handler = catopsLambda(createTestBot(), { functionName: "catops-worker" });
    await handler(
      await eventFromRequest("http-api-v2", commandRequest("build")),
      createLambdaContext(),
    );
    expect(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.FunctionName).toBe("catops-worker");
  });

  it("creates the Lambda client once per container, on first defer", async () => {
    const handler = catopsLambda(createTestBot());
    for (let i = 0; i < 3; i++)
      await handler(
        await eventFromRequest("function-url", commandRequest("build")),
        createLambdaContext(),
      );
    const clients = new Set(lambda.commandCalls(InvokeCommand).map((call) => call.thisValue));
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(3);
    expect(clients.size).toBe(1);
    expect([...clients][0]).toBeInstanceOf(LambdaClient);
  });

  it("uses a client passed in the options", async () => {
    const own = new LambdaClient({ region: "eu-west-1" });
    const handler = catopsLambda(createTestBot(), { lambdaClient: own });
    await handler(
      await eventFromRequest("http-api-v2", commandRequest("build")),
      createLambdaContext(),
    );
    expect(lambda.commandCalls(InvokeCommand)[0]!.thisValue).toBe(own);
  });

  it("marks the job failed and tells the user when the self-invoke fails", async () => {
    lambda.on(InvokeCommand).rejects(new Error("AccessDeniedException: not authorized"));
    const bot = createTestBot();
    const handler = catopsLambda(bot);
    const result = await handler(
      await eventFromRequest("http-api-v2", commandRequest("build")),
      createLambdaContext(),
    );
    const answer = await responseFromResult(result).json();
    expect(answer.reply.text).toBe("`build` could not be started; try again in a moment.");
    const [job] = await jobsOf(bot).recent(1);
    expect(job).toMatchObject({
      command: "build",
      state: "failed",
      result: "could not be started",
    });
  });
});

describe("Lambda's time limit", () => {
  it("times a job out before the invocation ends, marks it timed_out and tells the user", async () => {
    const bot = createTestBot();
    const handler = catopsLambda(bot);
    const url = `${recorder.url}/timeout/${Date.now()}`;
    await handler(
      await eventFromRequest("http-api-v2", commandRequest("stuck", url)),
      createLambdaContext(),
    );
    const job = payloadOf(0);
    // 1.5 s is kept back by the core to tell the user; this leaves the job about 0.3 s.
    const started = Date.now();
    expect(await handler(job, createLambdaContext({ timeoutMs: 1800 }))).toEqual({
      ok: true,
      jobId: job.id,
    });
    expect(Date.now() - started).toBeLessThan(1500);
    const record = (await jobsOf(bot).get(job.id)) as JobRecord;
    expect(record.state).toBe("timed_out");
    const told = recorder.requests.find((r) => url.endsWith(r.path));
    expect(told?.json.text).toMatch(/`stuck` timed out after \d+ s/);
  });
});

describe("the job envelope as payload", () => {
  const job = (raw: unknown): JobEnvelope => ({
    kind: "catops.job",
    id: "j1",
    connector: "slack",
    event: { command: ["deploy"], raw },
    enqueuedAt: 1,
  });

  it("is the envelope as JSON", () => {
    expect(JSON.parse(new TextDecoder().decode(encodeEnvelope(job({ a: 1 }))))).toEqual(
      job({ a: 1 }),
    );
  });

  it("drops the platform's raw payload when it would pass Lambda's async limit", () => {
    const big = "x".repeat(MAX_ASYNC_PAYLOAD_BYTES);
    const decoded = JSON.parse(new TextDecoder().decode(encodeEnvelope(job(big))));
    expect(decoded.event).toEqual({ command: ["deploy"] });
  });

  it("refuses an envelope too big even without it", () => {
    const envelope = job(undefined);
    envelope.event.text = "y".repeat(MAX_ASYNC_PAYLOAD_BYTES);
    expect(() => encodeEnvelope(envelope)).toThrow(/over Lambda's async limit/);
  });
});
