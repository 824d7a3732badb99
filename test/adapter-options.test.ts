// Every adapter takes the same three options under the same names (env, logger, basePath), and
// every package refuses a misspelt option the same way: a TypeError that names the package and
// the options it knows.
import { createAlerts } from "@catops/alerts";
import { catopsLambda } from "@catops/aws-lambda";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { registerCatOps } from "@catops/azure-functions";
import { catopsWorker } from "@catops/cloudflare-workers";
import {
  type AdapterOptions,
  type CatOps,
  type Connector,
  createCatOps,
  createLogger,
  silentLogger,
} from "@catops/core";
import { catopsHttp, catopsPubSub, type FunctionsResponse } from "@catops/gcp-functions";
import { serve } from "@catops/node";
import { describe, expect, it } from "vitest";
import { eventFromRequest, responseFromResult } from "./aws/events.ts";
import { invokeHttp, recordingApp } from "./azure/host.ts";

const bot = createCatOps();
const typo = { bsaePath: "/catops" } as never;

describe("options every package checks", () => {
  it.each([
    ["@catops/aws-lambda catopsLambda", () => catopsLambda(bot, typo)],
    ["@catops/azure-functions registerCatOps", () => registerCatOps(recordingApp().app, bot, typo)],
    ["@catops/cloudflare-workers catopsWorker", () => catopsWorker(bot, typo)],
    ["@catops/gcp-functions catopsHttp", () => catopsHttp(bot, typo)],
    ["@catops/gcp-functions catopsPubSub", () => catopsPubSub(bot, typo)],
  ])("%s", (where, make) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(`${where}: unknown option "bsaePath" (known: env, logger`);
  });

  it("@catops/alerts createAlerts", () => {
    expect(() => createAlerts(typo)).toThrow(
      '@catops/alerts createAlerts: unknown option "bsaePath" (known: channel, ',
    );
  });

  it("@catops/node serve", async () => {
    await expect(serve(bot, typo)).rejects.toThrow(
      '@catops/node serve: unknown option "bsaePath" (known: env, logger, basePath, ',
    );
  });

  it("a queue handler has no base path to take", () => {
    expect(() => catopsPubSub(bot, { basePath: "/catops" } as never)).toThrow(
      '@catops/gcp-functions catopsPubSub: unknown option "basePath" (known: env, logger)',
    );
  });
});

/** A connector whose route fails: the adapter's one error answer logs it. */
const failing: Connector = {
  name: "failing",
  paths: ["/fail"],
  handle: async () => {
    throw new Error("the connector broke");
  },
  deliver: async () => ({}),
};

type Send = (request: Request) => Promise<Response>;

/** Each adapter's own entry point, given the shared options, answering a Web Request. */
const adapters: Record<string, (bot: CatOps, options: AdapterOptions) => Promise<Send>> = {
  "aws-lambda": async (bot, options) => {
    const handler = catopsLambda(bot, options);
    return async (request) =>
      responseFromResult(
        await handler(await eventFromRequest("http-api-v2", request), createLambdaContext()),
      );
  },
  "azure-functions": async (bot, options) => {
    const recording = recordingApp();
    registerCatOps(recording.app, bot, options as never);
    return (request) => invokeHttp(recording, request);
  },
  "gcp-functions": async (bot, options) => {
    const handler = catopsHttp(bot, options);
    return async (request) => {
      const url = new URL(request.url);
      const answer = {
        status: 0,
        headers: new Headers(),
        body: undefined as Uint8Array | undefined,
      };
      const res: FunctionsResponse = {
        set statusCode(status: number) {
          answer.status = status;
        },
        get statusCode() {
          return answer.status;
        },
        setHeader: (name, value) => answer.headers.set(name, String(value)),
        end: (body) => {
          answer.body = body;
        },
      };
      await handler(
        { method: request.method, url: url.pathname + url.search, headers: { host: url.host } },
        res,
      );
      return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
    };
  },
  "cloudflare-workers": async (bot, options) => {
    const worker = catopsWorker(bot, options);
    const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
    return (request) => worker.fetch(request, {}, ctx);
  },
  node: async (bot, options) => {
    const server = await serve(bot, { ...options, port: 0, schedules: false });
    servers.push(server);
    return (request) => {
      const url = new URL(request.url);
      return fetch(`http://127.0.0.1:${server.port}${url.pathname}${url.search}`, request);
    };
  },
};
const servers: { close(): Promise<unknown> }[] = [];

describe.each(Object.keys(adapters))("%s", (name) => {
  it("serves below basePath and writes its lines to the logger option", async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const served = createCatOps({ logger: silentLogger, connectors: [failing] });
    const send = await adapters[name]!(served, { basePath: "catops/", logger, env: {} });
    try {
      const health = await send(new Request("https://bot.example/catops/healthz"));
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      expect((await send(new Request("https://bot.example/catopsx/healthz"))).status).toBe(404);

      const failed = await send(new Request("https://bot.example/catops/fail", { method: "POST" }));
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toContain("the connector broke");
      expect(lines.some((line) => line.includes("request failed"))).toBe(true);
      expect(lines.some((line) => line.includes("the connector broke"))).toBe(true);
    } finally {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    }
  });
});
