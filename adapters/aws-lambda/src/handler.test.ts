import { jobsOf } from "@catops/core/testing";
import type { AlertHandler, CatOps, Logger } from "@catops/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eventFromRequest, HTTP_FORMATS, responseFromResult } from "../../../test/aws/events.ts";
import { installLambdaStreaming, invokeStreaming } from "../../../test/aws/lambda-streaming.mjs";
import { vendorJson } from "../../../test/fixtures/vendor.mjs";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { type CatOpsLambdaOptions, catopsLambda, UNKNOWN_EVENT_ERROR } from "./handler.js";
import { createTestBot, commandRequest } from "./test-bot.js";
import { createLambdaContext } from "./testing.js";

const fixture = (name: string) => vendorJson(`aws/${name}`);

function spyLogger(): Logger & { lines: { level: string; message: string; fields?: any }[] } {
  const lines: { level: string; message: string; fields?: any }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

let recorder: Recorder;
beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(() => recorder.close());

/**
 * A handler whose self-invocations run in this process a moment later, as Lambda's asynchronous
 * invocations would (the Lambda API cannot run here); `jobsEnded()` waits for them all.
 */
function selfInvoking(bot: CatOps, options: CatOpsLambdaOptions = {}) {
  const running = new Set<Promise<unknown>>();
  const lambdaClient = {
    async send(command: { input: { Payload?: Uint8Array } }) {
      const job = JSON.parse(new TextDecoder().decode(command.input.Payload));
      const run = new Promise((resolve) => setTimeout(resolve, 1)).then(() =>
        handler(job, createLambdaContext()),
      );
      running.add(run);
      return { StatusCode: 202 };
    },
  };
  const handler = catopsLambda(bot, { lambdaClient, ...options });
  return Object.assign(handler, { jobsEnded: () => Promise.all(running) });
}

describe("HTTP events, every format", () => {
  it.each(HTTP_FORMATS)("%s: runs a command and answers in the format's result", async (format) => {
    const handler = selfInvoking(createTestBot());
    const event = await eventFromRequest(format, commandRequest("hi"));
    const result = await handler(event, createLambdaContext());
    const response = responseFromResult(result);
    expect(response.status).toBe(200);
    expect((await response.json()).reply.text).toBe("Meow!");
  });

  it.each(HTTP_FORMATS)("%s: GET /healthz", async (format) => {
    const handler = catopsLambda(createTestBot());
    const event = await eventFromRequest(format, new Request("https://x.test/healthz"));
    const response = responseFromResult(await handler(event, createLambdaContext()));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  });

  it("answers 400, in the event's own format, when the event cannot become a request", async () => {
    const logger = spyLogger();
    const handler = catopsLambda(createTestBot(), { logger });
    const event = await eventFromRequest("http-api-v2", commandRequest("hi"));
    event.headers["bad header\n"] = "x";
    const result = (await handler(event, createLambdaContext())) as any;
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ ok: false, error: "malformed request" });
    expect(logger.lines.some((line) => line.message === "malformed HTTP event")).toBe(true);
  });

  it("answers 400 for a header value with a line break in a request it reads in place", async () => {
    const handler = catopsLambda(createTestBot());
    const event = await eventFromRequest("http-api-v2", commandRequest("hi"));
    event.headers["content-length"] += "\r\nx-injected: 1";
    const result = (await handler(event, createLambdaContext())) as any;
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ ok: false, error: "invalid header value" });
  });

  it("reads the headers of an event made by hand whatever their names' case", async () => {
    // A declared length over the limit is refused before the body is read: proof it was read.
    const handler = catopsLambda(createTestBot({ bodyLimit: 10 }));
    const event = await eventFromRequest("http-api-v2", commandRequest("hi"));
    event.headers = Object.fromEntries(
      Object.entries(event.headers as Record<string, string>).map(([name, value]) => [
        name.toUpperCase(),
        value,
      ]),
    );
    expect(event.headers["CONTENT-LENGTH"]).toBeDefined();
    const result = (await handler(event, createLambdaContext())) as any;
    expect(result.statusCode).toBe(413);
  });

  it("keeps the request id of the invocation", async () => {
    const seen: (string | undefined)[] = [];
    const bot = createTestBot();
    const handler = catopsLambda({
      ...bot,
      handle: (request, runtime) => {
        seen.push(runtime?.requestId);
        return bot.handle(request, runtime);
      },
    });
    const context = createLambdaContext({ awsRequestId: "c0ffee00-0000-4000-8000-000000000001" });
    await handler(await eventFromRequest("alb", commandRequest("hi")), context);
    expect(seen).toEqual(["c0ffee00-0000-4000-8000-000000000001"]);
  });
});

describe("nothing holds the answer past the deadline", () => {
  it("a buffered answer: a command runs as a job and answers inline when it ends in time", async () => {
    recorder.clear();
    const bot = createTestBot();
    const handler = selfInvoking(bot);
    const url = `${recorder.url}/inline/${Date.now()}`;
    const event = await eventFromRequest("http-api-v2", commandRequest("hi", url));
    const answer = await responseFromResult(await handler(event, createLambdaContext())).json();
    expect(answer.reply.text).toBe("Meow!");
    await handler.jobsEnded();
    // Answered once, in the HTTP answer: nothing was posted late.
    expect(recorder.requests.some((r) => url.endsWith(r.path))).toBe(false);
    const [job] = await jobsOf(bot).recent(1);
    expect(job).toMatchObject({ command: "hi", state: "succeeded" });
  });

  it("a buffered answer: a slow command is acknowledged by its deadline and answers late, once", async () => {
    recorder.clear();
    const handler = selfInvoking(createTestBot({ deadlineMs: 30 }));
    const url = `${recorder.url}/late/${Date.now()}`;
    const event = await eventFromRequest("http-api-v2", commandRequest("crawl", url));
    const started = Date.now();
    const result = await handler(event, createLambdaContext());
    // crawl takes 1.5 s; the answer does not wait for it.
    expect(Date.now() - started).toBeLessThan(1000);
    const answer = await responseFromResult(result).json();
    expect(answer.reply.text).toMatch(
      /^Still working on `crawl`; the answer will follow here \(job `[\w-]+`\)/,
    );
    await handler.jobsEnded();
    expect(recorder.requests.filter((r) => url.endsWith(r.path)).map((r) => r.json.text)).toEqual([
      "finally",
    ]);
  });

  it("a buffered answer: a self-invoke that fails tells the user the command could not start", async () => {
    const logger = spyLogger();
    const bot = createTestBot();
    const lambdaClient = { send: async () => Promise.reject(new Error("AccessDeniedException")) };
    const handler = catopsLambda(bot, { lambdaClient, logger });
    const event = await eventFromRequest("alb", commandRequest("hi"));
    const answer = await responseFromResult(await handler(event, createLambdaContext())).json();
    expect(answer.reply.text).toBe("`hi` could not be started; try again in a moment.");
    const [job] = await jobsOf(bot).recent(1);
    expect(job).toMatchObject({ command: "hi", state: "failed", result: "could not be started" });
  });

  it("built-in commands answer inline, with no job", async () => {
    const bot = createTestBot();
    const lambdaClient = { send: vi.fn() };
    const handler = catopsLambda(bot, { lambdaClient });
    const event = await eventFromRequest("http-api-v2", commandRequest("jobs"));
    const answer = await responseFromResult(await handler(event, createLambdaContext())).json();
    expect(answer.reply.text).toBe("No recent jobs.");
    expect(lambdaClient.send).not.toHaveBeenCalled();
  });

  it("a streamed Function URL answer: ends the stream at the deadline, then the late reply", async () => {
    installLambdaStreaming();
    recorder.clear();
    const lambdaClient = { send: vi.fn() };
    const handler = catopsLambda(createTestBot({ deadlineMs: 30 }), {
      streaming: true,
      lambdaClient,
    });
    const url = `${recorder.url}/streamed/${Date.now()}`;
    const event = await eventFromRequest("function-url", commandRequest("lag", url));
    const started = Date.now();
    const answer = await invokeStreaming(handler, event, createLambdaContext());
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body).reply.text).toMatch(/^Still working on `lag`/);
    // The client had its answer before the command ended (lag takes 150 ms)...
    expect(answer.answeredAt - started).toBeLessThan(150);
    expect(recorder.requests.some((r) => url.endsWith(r.path))).toBe(false);
    // ...and the invocation lasted until the late reply was out, run here, not as a job.
    await answer.endedAt;
    expect(recorder.requests.find((r) => url.endsWith(r.path))?.json.text).toBe("late answer");
    expect(lambdaClient.send).not.toHaveBeenCalled();
  });

  it("a streamed answer stops waiting for late work when the invocation is about to run out", async () => {
    installLambdaStreaming();
    const logger = spyLogger();
    const handler = catopsLambda(createTestBot({ deadlineMs: 10 }), {
      logger,
      settleMarginMs: 100,
      streaming: true,
    });
    const event = await eventFromRequest("function-url", commandRequest("crawl"));
    const started = Date.now();
    const answer = await invokeStreaming(handler, event, createLambdaContext({ timeoutMs: 400 }));
    // crawl takes 1.5 s: the invocation gives up at 300 ms, before Lambda's 400 ms are over.
    expect(await answer.endedAt).toBeLessThan(started + 1000);
    expect(JSON.parse(answer.body).reply.text).toMatch(/Still working/);
    expect(logger.lines.map((line) => line.message)).toContain(
      "work still running when the invocation had to end; it will not finish",
    );
  });

  it("a streaming handler invoked for API Gateway writes the proxy result API Gateway reads", async () => {
    installLambdaStreaming();
    const handler = catopsLambda(createTestBot(), { streaming: true });
    const event = await eventFromRequest("http-api-v2", new Request("https://x.test/healthz"));
    const answer = await invokeStreaming(handler, event, createLambdaContext());
    // No streaming prelude: the payload is the result itself, as a buffered invocation returns it.
    const result = JSON.parse(answer.body);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ ok: true });
  });

  it("a streaming handler called without a stream (an emulator) answers buffered", async () => {
    installLambdaStreaming();
    const handler = catopsLambda(createTestBot(), { streaming: true }).use({
      after: (request) => {
        (request.response as { headers: Record<string, string> }).headers["x-used"] = "yes";
      },
    });
    const event = await eventFromRequest("http-api-v2", new Request("https://x.test/healthz"));
    const result = (await (handler as any)(event, createLambdaContext())) as any;
    expect(result.statusCode).toBe(200);
    expect(result.headers["x-used"]).toBe("yes");
  });

  it("streaming refuses to start without the Lambda runtime's awslambda global", () => {
    const saved = (globalThis as any).awslambda;
    delete (globalThis as any).awslambda;
    try {
      expect(() => catopsLambda(createTestBot(), { streaming: true })).toThrow(/awslambda global/);
    } finally {
      (globalThis as any).awslambda = saved;
    }
  });
});

describe("middlewares", () => {
  it("are added with .use(), and secrets they put on the context reach the connectors", async () => {
    const order: string[] = [];
    const handler = catopsLambda(createTestBot()).use({
      before: (request) => {
        order.push("before");
        (request.context as any).TEST_SECRET = "from-ssm";
      },
      after: () => void order.push("after"),
    });
    const event = await eventFromRequest("api-gateway-v1", commandRequest("hi"));
    const body = await responseFromResult(await handler(event, createLambdaContext())).json();
    expect(body.secret).toBe("from-ssm");
    expect(order).toEqual(["before", "after"]);
  });

  it("refuses an unknown option loudly", () => {
    expect(() => catopsLambda(createTestBot(), { functionname: "x" } as any)).toThrow(
      /unknown option "functionname"/,
    );
  });
});

describe("events that are not HTTP", () => {
  function alertSpy() {
    const received: { source: string; payload: unknown; requestId: string }[] = [];
    const alerts: AlertHandler = {
      handle: async () => new Response("unused"),
      receive: async (source, payload, kit) => {
        received.push({ source, payload, requestId: kit.requestId });
      },
    };
    return { alerts, received };
  }

  it.each([
    "sns-cloudwatch-alarm-single-metric.aws-lambda-go.json",
    "sns-cloudwatch-alarm-multiple-metrics.aws-lambda-go.json",
  ])("hands each SNS alarm record to the alert path: %s", async (name) => {
    const { alerts, received } = alertSpy();
    const handler = catopsLambda(createTestBot({ alerts }));
    const event = fixture(name);
    const context = createLambdaContext();
    expect(await handler(event, context)).toEqual({ ok: true, alerts: 1, skipped: 0 });
    expect(received).toEqual([
      { source: "cloudwatch-sns", payload: event.Records[0], requestId: context.awsRequestId },
    ]);
  });

  it.each([
    "eventbridge-cloudwatch-alarm-state-change-single-metric.awsdocs.json",
    "eventbridge-cloudwatch-alarm-state-change-metric-math.awsdocs.json",
    "eventbridge-cloudwatch-alarm-state-change-composite.awsdocs.json",
  ])("hands an EventBridge alarm state change to the alert path: %s", async (name) => {
    const { alerts, received } = alertSpy();
    const handler = catopsLambda(createTestBot({ alerts }));
    const event = fixture(name);
    expect(await handler(event, createLambdaContext())).toEqual({ ok: true, alerts: 1 });
    expect(received.map((r) => [r.source, r.payload])).toEqual([["cloudwatch-eventbridge", event]]);
  });

  it("skips SNS messages that are not alarms, and says so", async () => {
    const { alerts, received } = alertSpy();
    const logger = spyLogger();
    const handler = catopsLambda(createTestBot({ alerts }), { logger });
    const result = await handler(
      fixture("sns-event-generic.aws-lambda-go.json"),
      createLambdaContext(),
    );
    expect(result).toEqual({ ok: true, alerts: 0, skipped: 1 });
    expect(received).toEqual([]);
    expect(logger.lines[0]).toMatchObject({
      level: "warn",
      message: "SNS message is not a CloudWatch alarm; ignored",
    });
  });

  it("lets an alert failure fail the invocation, so Lambda retries it", async () => {
    const alerts: AlertHandler = {
      handle: async () => new Response(""),
      receive: async () => {
        throw new Error("Slack is down");
      },
    };
    const handler = catopsLambda(createTestBot({ alerts }));
    await expect(
      handler(
        fixture("sns-cloudwatch-alarm-single-metric.aws-lambda-go.json"),
        createLambdaContext(),
      ),
    ).rejects.toThrow("Slack is down");
  });

  it("answers unknown shapes with a clear error and logs their outline, not their values", async () => {
    const logger = spyLogger();
    const handler = catopsLambda(createTestBot(), { logger });
    const shapes = [
      { source: "aws.ec2", "detail-type": "EC2 Instance State-change Notification", detail: {} },
      { Records: [{ eventSource: "aws:sqs", body: "secret-value" }] },
      { kind: "catops.job" },
      "just text",
      42,
      [1, 2],
      null,
    ];
    for (const event of shapes)
      expect(await handler(event, createLambdaContext())).toEqual({
        ok: false,
        error: UNKNOWN_EVENT_ERROR,
      });
    expect(logger.lines).toHaveLength(shapes.length);
    expect(JSON.stringify(logger.lines)).not.toContain("secret-value");
    expect(logger.lines[1]?.fields).toEqual({ shape: "{Records}" });
  });

  it("reports a job for an unknown connector without throwing", async () => {
    const logger = spyLogger();
    const handler = catopsLambda(createTestBot(), { logger });
    const job = {
      kind: "catops.job",
      id: "job-1",
      connector: "nope",
      event: { command: ["hi"] },
      enqueuedAt: Date.now(),
    };
    expect(await handler(job, createLambdaContext())).toEqual({
      ok: false,
      jobId: "job-1",
      error: "job failed; see the function's logs",
    });
    expect(logger.lines[0]?.message).toBe("job failed");
  });
});

it("a spy on the bot sees the same runtime ports every invocation kind gets", async () => {
  const bot = createTestBot();
  const runJob = vi.spyOn(bot, "runJob");
  const handler = catopsLambda(bot);
  const context = createLambdaContext({ timeoutMs: 5000 });
  await handler(
    { kind: "catops.job", id: "j", connector: "test", event: { command: ["hi"] }, enqueuedAt: 1 },
    context,
  );
  const runtime = runJob.mock.calls[0]?.[1];
  expect(runtime?.requestId).toBe(context.awsRequestId);
  expect(runtime?.remainingMs?.()).toBeGreaterThan(4000);
  expect(await runtime?.hmacSha256?.("key", "msg")).toBe(
    "2d93cbc1be167bcb1637a4a23cbff01a7878f0c50ee833954ea5221bb1b8c628",
  );
});
