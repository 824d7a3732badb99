// The two functions with stand-in bots: what runtime each hands the core, and how failures end.
import type { JobEnvelope, Runtime } from "@catops/core";
import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import { catopsPubSub } from "./events.js";
import { catopsHttp } from "./handler.js";
import { MESSAGE_PUBLISHED } from "./message.js";
import type { FunctionsRequest, FunctionsResponse, PubSubClient } from "./types.js";

function response() {
  const res: FunctionsResponse & { body?: string; headers: Record<string, unknown> } = {
    statusCode: 0,
    headers: {},
    setHeader(name, value) {
      res.headers[name] = value;
    },
    end(body) {
      res.body = body ? new TextDecoder().decode(body) : "";
    },
  };
  return res;
}

const request: FunctionsRequest = {
  method: "POST",
  url: "/slack/events",
  headers: { host: "h" },
  rawBody: new TextEncoder().encode("x"),
  executionId: "exec-1",
};

const job: JobEnvelope = {
  kind: "catops.job",
  id: "j1",
  connector: "slack",
  event: { command: ["hi"] },
  enqueuedAt: 1,
  requestId: "req-1",
};

const noPubSub: PubSubClient = {
  topic: () => ({ publishMessage: async () => "1" }),
};

describe("catopsHttp", () => {
  it("hands the core node:crypto HMAC, the execution id, the env and a Pub/Sub defer", async () => {
    let seen: Runtime | undefined;
    const handler = catopsHttp(
      {
        fetch: async (_request, runtime) => {
          seen = runtime;
          return new Response("ok");
        },
      },
      { env: { A: "1" }, logger: silentLogger, topic: "t", pubsub: noPubSub },
    );
    await handler(request, response());
    expect(seen?.hmacSha256).toBe(nodeHmacSha256);
    expect(seen?.requestId).toBe("exec-1");
    expect(seen?.env).toEqual({ A: "1" });
    expect(typeof seen?.defer).toBe("function");
  });

  it("runs jobs in-process when no topic is set (no defer port)", async () => {
    let seen: Runtime | undefined;
    const bot = {
      fetch: async (_request: Request, runtime?: Runtime) => {
        seen = runtime;
        return new Response("ok");
      },
    };
    const handler = catopsHttp(bot, { env: {}, logger: silentLogger });
    await handler(request, response());
    expect(seen?.defer).toBeUndefined();
    const fromEnv = catopsHttp(bot, {
      env: { CATOPS_PUBSUB_TOPIC: "jobs" },
      logger: silentLogger,
      pubsub: noPubSub,
    });
    await fromEnv(request, response());
    expect(typeof seen?.defer).toBe("function");
  });

  it("answers first, then stays open until work handed to waitUntil settles", async () => {
    const order: string[] = [];
    const res = response();
    const end = res.end.bind(res);
    res.end = (body) => {
      order.push("answered");
      return end(body);
    };
    const handler = catopsHttp(
      {
        fetch: async (_r, runtime) => {
          runtime?.waitUntil?.(
            new Promise((resolve) => setTimeout(resolve, 30)).then(() => order.push("late work")),
          );
          runtime?.waitUntil?.(Promise.reject(new Error("ignored")));
          return new Response("ok");
        },
      },
      { env: {}, logger: silentLogger },
    );
    await handler(request, res);
    order.push("returned");
    expect(order).toEqual(["answered", "late work", "returned"]);
  });

  it("answers 500 with no detail when the bot throws", async () => {
    const res = response();
    const handler = catopsHttp(
      {
        fetch: async () => {
          throw new Error("secret detail at /srv/x.js:1");
        },
      },
      { env: {}, logger: silentLogger },
    );
    await handler(request, res);
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"ok":false,"error":"internal error"}');
  });
});

describe("catopsPubSub", () => {
  const cloudEvent = (data: unknown) => ({
    id: "evt-1",
    source: "//pubsub.googleapis.com/projects/p/topics/t",
    type: MESSAGE_PUBLISHED,
    specversion: "1.0",
    data: { message: { data: Buffer.from(JSON.stringify(data)).toString("base64") } },
  });

  it("runs the job with the job's request id and waits for its background work", async () => {
    let seen: { job?: JobEnvelope; runtime?: Runtime } = {};
    let settled = false;
    const handler = catopsPubSub(
      {
        runJob: async (envelope, runtime) => {
          seen = { job: envelope, runtime };
          runtime?.waitUntil?.(new Promise((r) => setTimeout(r, 20)).then(() => (settled = true)));
        },
      },
      { env: {}, logger: silentLogger },
    );
    await handler(cloudEvent(job));
    expect(seen.job).toEqual(job);
    expect(seen.runtime?.requestId).toBe("req-1");
    expect(seen.runtime?.hmacSha256).toBe(nodeHmacSha256);
    expect(settled).toBe(true);
  });

  it("acknowledges a message that is not a job without running anything", async () => {
    let ran = false;
    const handler = catopsPubSub(
      {
        runJob: async () => {
          ran = true;
        },
      },
      { env: {}, logger: silentLogger },
    );
    await expect(handler(cloudEvent({ hello: 1 }))).resolves.toBeUndefined();
    expect(ran).toBe(false);
  });

  it("throws when the job cannot run, so Pub/Sub may deliver it again", async () => {
    const handler = catopsPubSub(
      {
        runJob: async () => {
          throw new Error("store unavailable");
        },
      },
      { env: {}, logger: silentLogger },
    );
    await expect(handler(cloudEvent(job))).rejects.toThrow("job j1 failed to run");
  });
});
