import { jobsOf } from "@catops/core/testing";
import {
  type CatOps,
  type Connector,
  command,
  createCatOps,
  type JobEnvelope,
  json,
  type Reply,
  silentLogger,
} from "@catops/core";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { ExecutionContext, MessageBatch, QueueMessage } from "./types.js";
import { catopsWorker } from "./handler.js";

// A connector that takes {"command": [...]} as JSON and records late replies.
function jsonConnector(delivered: Reply[], seenEnv?: Record<string, unknown>[]): Connector {
  return {
    name: "json",
    paths: ["/json"],
    async handle(request, kit) {
      seenEnv?.push({ ...kit.env, requestId: kit.requestId });
      const { command: tokens } = JSON.parse(await request.text()) as { command: string[] };
      return json((await kit.execute({ command: tokens, source: "json" })) ?? {});
    },
    async deliver(_event, reply) {
      delivered.push(reply);
      return {};
    },
  };
}

function makeBot(delivered: Reply[], seenEnv?: Record<string, unknown>[]): CatOps {
  return createCatOps({
    logger: silentLogger,
    connectors: [jsonConnector(delivered, seenEnv)],
    plugins: [
      {
        file: "test.ts",
        exports: {
          hi: () => "Meow!",
          brief: command({ defer: true, run: () => "brief done" }),
          long: command({ defer: "long", run: () => "long done" }),
          stuck: command({
            defer: true,
            run: ({ signal }) =>
              new Promise((_, reject) =>
                signal.addEventListener("abort", () => reject(signal.reason)),
              ),
          }),
          stuckLong: command({ defer: "long", run: () => new Promise(() => {}) }),
        },
      },
    ],
  });
}

function context() {
  const pending: Promise<unknown>[] = [];
  const ctx: ExecutionContext = { waitUntil: (promise) => void pending.push(promise) };
  return { ctx, settle: () => Promise.all(pending) };
}

const post = (tokens: string[], headers: Record<string, string> = {}) =>
  new Request("https://bot.test/json", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ command: tokens }),
  });

function message(body: unknown, log: string[]): QueueMessage {
  return {
    id: `m-${log.length}`,
    timestamp: new Date(),
    body,
    attempts: 1,
    ack: () => void log.push("ack"),
    retry: () => void log.push("retry"),
  };
}

describe("catopsWorker", () => {
  it("creates the bot once per env and serves every path through bot.fetch", async () => {
    let created = 0;
    const worker = catopsWorker((_env: { A?: string }) => {
      created++;
      return makeBot([]);
    });
    const env = { A: "1" };
    const { ctx } = context();
    const health = await worker.fetch(new Request("https://bot.test/healthz"), env, ctx);
    expect(await health.json()).toMatchObject({ ok: true, name: "catops" });
    expect(await (await worker.fetch(post(["hi"]), env, ctx)).json()).toMatchObject({
      text: "Meow!",
    });
    expect(created).toBe(1);
    await worker.fetch(new Request("https://bot.test/healthz"), { A: "2" }, ctx);
    expect(created).toBe(2);
    expect((await worker.fetch(new Request("https://bot.test/nope"), env, ctx)).status).toBe(404);
  });

  it("answers 500 without details when the bot cannot be created, and tries again later", async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const worker = catopsWorker(() => {
        if (++attempts === 1) throw new Error("SLACK_SIGNING_SECRET=s3cret is missing");
        return makeBot([]);
      });
      const { ctx } = context();
      const env = {};
      const failed = await worker.fetch(new Request("https://bot.test/healthz"), env, ctx);
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toContain("s3cret");
      expect(errors).toHaveLength(1);
      expect((await worker.fetch(new Request("https://bot.test/healthz"), env, ctx)).status).toBe(
        200,
      );
      expect(attempts).toBe(2);
    } finally {
      console.error = originalError;
    }
  });

  it("serves routes of an app passed in, and the bot on every other path", async () => {
    const app = new Hono<{ Bindings: { GREETING: string } }>();
    app.get("/hello", (c) => c.text(c.env.GREETING));
    const worker = catopsWorker(makeBot([]), { app });
    const env = { GREETING: "hello from hono" };
    const { ctx } = context();
    expect(await (await worker.fetch(new Request("https://bot.test/hello"), env, ctx)).text()).toBe(
      "hello from hono",
    );
    expect((await worker.fetch(post(["hi"]), env, ctx)).status).toBe(200);
  });

  it("hands the bindings and the cf-ray request id to connectors", async () => {
    const seen: Record<string, unknown>[] = [];
    const worker = catopsWorker(makeBot([], seen));
    const { ctx } = context();
    await worker.fetch(post(["hi"], { "cf-ray": "8f00-AMS" }), { CATOPS_REGION: "eu" }, ctx);
    expect(seen[0]).toMatchObject({ CATOPS_REGION: "eu", requestId: "8f00-AMS" });
  });

  it("runs short deferred jobs through waitUntil and sends long ones to the queue", async () => {
    const delivered: Reply[] = [];
    const sent: unknown[] = [];
    const worker = catopsWorker(makeBot(delivered));
    const env = { JOBS: { send: async (body: unknown) => void sent.push(body) } };
    const { ctx, settle } = context();

    const brief = await (await worker.fetch(post(["brief"]), env, ctx)).json();
    expect(brief).toMatchObject({ text: expect.stringContaining("Running `brief`") });
    await settle();
    expect(delivered.map((reply) => reply.text)).toEqual(["brief done"]);
    expect(sent).toEqual([]);

    await worker.fetch(post(["long"]), env, ctx);
    await settle();
    expect(delivered).toHaveLength(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: "catops.job", long: true, connector: "json" });
  });

  it("runs long jobs through waitUntil when no queue is bound", async () => {
    const delivered: Reply[] = [];
    const worker = catopsWorker(makeBot(delivered));
    const { ctx, settle } = context();
    await worker.fetch(post(["long"]), {}, ctx);
    await settle();
    expect(delivered.map((reply) => reply.text)).toEqual(["long done"]);
  });

  it("runs each queued job once and acknowledges it, drops non-jobs, retries failures", async () => {
    const delivered: Reply[] = [];
    const sent: JobEnvelope[] = [];
    const bot = makeBot(delivered);
    const worker = catopsWorker(bot);
    const env = { JOBS: { send: async (body: JobEnvelope) => void sent.push(body) } };
    const { ctx, settle } = context();
    await worker.fetch(post(["long"]), env, ctx);
    await settle();

    const log: string[] = [];
    const unknownConnector = { ...sent[0]!, id: "other", connector: "gone" };
    const batch: MessageBatch = {
      queue: "catops-jobs",
      messages: [
        message(sent[0], log),
        message({ hello: "world" }, log),
        message(unknownConnector, log),
      ],
    };
    await worker.queue(batch, env, ctx);
    expect(delivered.map((reply) => reply.text)).toEqual(["long done"]);
    expect(log.sort()).toEqual(["ack", "ack", "retry"]);
    expect((await jobsOf(bot).get(sent[0]!.id))?.state).toBe("succeeded");
  });

  it("gives a job what is left of Cloudflare's time, so it times out and says so", async () => {
    const delivered: Reply[] = [];
    const sent: JobEnvelope[] = [];
    // 1.5 s of every limit is kept back to deliver the time-out message.
    const worker = catopsWorker(makeBot(delivered), { waitUntilMs: 1_600, queueMs: 1_600 });
    const env = { JOBS: { send: async (body: JobEnvelope) => void sent.push(body) } };
    const { ctx, settle } = context();
    await worker.fetch(post(["stuck"]), env, ctx);
    await settle();
    expect(delivered.map((reply) => reply.text)).toEqual([expect.stringContaining("timed out")]);

    await worker.fetch(post(["stuckLong"]), env, ctx);
    const log: string[] = [];
    await worker.queue({ queue: "catops-jobs", messages: [message(sent[0], log)] }, env, ctx);
    expect(delivered[1]?.text).toContain("`stuckLong` timed out");
    expect(log).toEqual(["ack"]);
  });
});
