// The adapters the bad-input matrix drives, each through its real entry point, in the shape of
// the conformance harness's AdapterDriver. `sendRaw` adds what a Web Request cannot carry:
// header lines sent twice (over real HTTP they arrive as two lines) and exact body bytes.
import { request as httpRequest } from "node:http";
import { catopsLambda } from "@catops/aws-lambda";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { type CatOps, silentLogger } from "@catops/core";
import { serve } from "@catops/node";
import { Miniflare } from "miniflare";
import { eventFromRequest, responseFromResult } from "../../aws/events.ts";
import type { AdapterDriver, ConformanceSetup, RunningAdapter } from "../../conformance/harness.ts";
import { bundleWorker } from "../../workers/bundle.ts";
import { dispatch } from "../../workers/dispatch.ts";
import { createReliabilityBot } from "./bot.ts";
import { ORIGIN } from "./slack.ts";

export interface RawRequest {
  method: string;
  path: string;
  /** Header lines in order; a name may repeat. */
  headers: [string, string][];
  body?: string | Uint8Array;
}

export interface BadInputAdapter extends RunningAdapter {
  sendRaw(raw: RawRequest): Promise<Response>;
  /** The bot runs in this process, so Object.prototype here is the one it could pollute. */
  sameRealm: boolean;
  /** Lets the adapter's background work finish (always present here). */
  drain(): Promise<void>;
}

export interface BadInputDriver extends AdapterDriver {
  start(setup: ConformanceSetup): Promise<BadInputAdapter>;
}

/** A Web Request from raw lines: a repeated header is joined with ", ", as fetch does. */
export function toRequest(raw: RawRequest): Request {
  const headers = new Headers();
  for (const [name, value] of raw.headers) headers.append(name, value);
  const hasBody = raw.method !== "GET" && raw.method !== "HEAD";
  return new Request(`${ORIGIN}${raw.path}`, {
    method: raw.method,
    headers,
    body: hasBody ? ((raw.body ?? "") as BodyInit) : undefined,
  });
}

export async function fromRequest(request: Request): Promise<RawRequest> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return {
    method: request.method,
    path: `${url.pathname}${url.search}`,
    headers: [...request.headers],
    body: hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined,
  };
}

function collectWaitUntil() {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
    async drain() {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0));
    },
  };
}

/** The bot's own fetch handler, in this process. */
export const inProcessDriver = (make = createReliabilityBot): BadInputDriver => ({
  name: "in-process (bot.fetch)",
  async start(setup) {
    const bot = make(setup.env, { logger: silentLogger });
    const background = collectWaitUntil();
    const send = (request: Request) => bot.fetch(request, { waitUntil: background.waitUntil });
    return {
      send,
      sendRaw: (raw) => send(toRequest(raw)),
      sameRealm: true,
      drain: background.drain,
      stop: background.drain,
    };
  },
});

/** @catops/node's serve() on a loopback port, reached over real HTTP with node:http. */
export const nodeDriver = (make = createReliabilityBot): BadInputDriver => ({
  name: "node (serve, real HTTP)",
  async start(setup) {
    const bot: CatOps = make(setup.env, { logger: silentLogger });
    const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env: {} });
    const sendRaw = (raw: RawRequest) => overHttp(server.port, raw);
    return {
      sendRaw,
      send: async (request) => sendRaw(await fromRequest(request)),
      sameRealm: true,
      drain: async () => void (await server.runtime.settle(10_000)),
      stop: async () => void (await server.close({ graceMs: 2000 })),
    };
  },
});

/** The bot bundled as a Worker and run by workerd (miniflare), requests via dispatchFetch. */
export const workerdDriver = (): BadInputDriver => ({
  name: "cloudflare-workers (workerd)",
  async start(setup) {
    const bundle = await bundleWorker(new URL("./worker.ts", import.meta.url).pathname);
    const mf = new Miniflare({
      modules: true,
      script: bundle.code,
      compatibilityDate: "2024-09-23",
      bindings: setup.env,
    });
    await mf.ready;
    const send = (request: Request) => dispatch(mf, request);
    return {
      send,
      sendRaw: (raw) => send(toRequest(raw)),
      sameRealm: false,
      // waitUntil work is awaited by workerd itself; give late replies a moment to land.
      drain: () => new Promise((resolve) => setTimeout(resolve, 200)),
      stop: () => mf.dispose(),
    };
  },
});

/** The middy handler with an HTTP API (v2) event built around each request. */
export const lambdaDriver = (make = createReliabilityBot): BadInputDriver => ({
  name: "aws-lambda (http api v2)",
  async start(setup) {
    const bot = make(setup.env, { logger: silentLogger });
    const invocations: unknown[] = [];
    // The Lambda control plane cannot run here: self-invocations are captured at the SDK
    // boundary and fed back to the handler by drain(), as Lambda would.
    const lambdaClient = {
      send: async (command: { input: { Payload: Uint8Array } }) => {
        invocations.push(JSON.parse(new TextDecoder().decode(command.input.Payload)));
        return { StatusCode: 202 };
      },
    };
    const handler = catopsLambda(bot, { env: {}, lambdaClient });
    const context = () => createLambdaContext({ functionName: "catops-reliability" });
    const send = async (request: Request) =>
      responseFromResult(await handler(await eventFromRequest("http-api-v2", request), context()));
    const drain = async () => {
      while (invocations.length > 0) await handler(invocations.shift(), context());
    };
    return {
      send,
      sendRaw: (raw) => send(toRequest(raw)),
      sameRealm: true,
      drain,
      stop: drain,
    };
  },
});

/** Sends raw lines over HTTP; a response that comes before the body is fully sent still counts. */
function overHttp(port: number, raw: RawRequest): Promise<Response> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of raw.headers) {
    const key = name.toLowerCase();
    headers[key] = [...(headers[key] ?? []), value];
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      { host: "127.0.0.1", port, method: raw.method, path: raw.path, headers },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            for (const item of [value ?? []].flat()) out.append(name, item);
          const status = res.statusCode ?? 0;
          const empty = status === 204 || status === 304;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: out }));
        });
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (raw.body !== undefined) req.end(raw.body);
    else req.end();
  });
}
