// The adapters the bad-input matrix drives, each through its real entry point: the conformance
// matrix's drivers (test/conformance/drivers) serving the reliability bot. `sendRaw` adds what a
// Web Request cannot carry: header lines sent twice (over real HTTP they arrive as two lines) and
// exact body bytes.
import { request as httpRequest } from "node:http";
import { silentLogger } from "@catops/core";
import { afterAll, beforeAll } from "vitest";
import {
  LAMBDA_JOB_DEADLINE_MS,
  lambdaDriver as lambdaRow,
} from "../../conformance/drivers/aws-lambda.ts";
import { inProcessDriver as inProcessRow } from "../../conformance/drivers/in-process.ts";
import { nodeDriver as nodeRow } from "../../conformance/drivers/node.ts";
import { workerdDriver as workerdRow } from "../../conformance/drivers/workerd.ts";
import type { AdapterDriver, ConformanceSetup, RunningAdapter } from "@catops/conformance";
import { type Recorder, startRecorder } from "@catops/conformance";
import { createReliabilityBot } from "./bot.ts";
import { BOT_TOKEN, ORIGIN, SIGNING_SECRET } from "./slack.ts";

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

type Make = typeof createReliabilityBot;

/** A conformance row as a bad-input driver: raw requests as Web Requests unless `extend` says. */
function badInput<T extends RunningAdapter & { drain?(): Promise<void> }>(
  row: { name: string; start(setup: ConformanceSetup): Promise<T> },
  extend: (running: T) => Partial<BadInputAdapter> & { sameRealm: boolean },
): BadInputDriver {
  return {
    name: row.name,
    async start(setup) {
      const running = await row.start(setup);
      return {
        ...running,
        drain: running.drain ?? (async () => {}),
        sendRaw: (raw) => running.send(toRequest(raw)),
        ...extend(running),
      };
    },
  };
}

const quiet = (make: Make) => (setup: ConformanceSetup) =>
  make(setup.env, { logger: silentLogger });

/** The bot's own fetch handler, in this process. */
export const inProcessDriver = (make = createReliabilityBot): BadInputDriver =>
  badInput(inProcessRow({ bot: quiet(make) }), () => ({ sameRealm: true }));

/** @catops/node's serve() on a loopback port, reached over real HTTP with node:http. */
export const nodeDriver = (make = createReliabilityBot): BadInputDriver =>
  badInput(
    nodeRow({ name: "node (serve, real HTTP)", bot: quiet(make), settleMs: 10_000 }),
    (running) => {
      const sendRaw = (raw: RawRequest) => overHttp(running.port, raw);
      return {
        sendRaw,
        send: async (request) => sendRaw(await fromRequest(request)),
        sameRealm: true,
      };
    },
  );

/** The bot bundled as a Worker and run by workerd (miniflare), requests via dispatchFetch. */
export const workerdDriver = (): BadInputDriver =>
  badInput(
    workerdRow({
      name: "cloudflare-workers (workerd)",
      entry: new URL("./worker.ts", import.meta.url).pathname,
    }),
    () => ({
      sameRealm: false,
      // waitUntil work is awaited by workerd itself; give late replies a moment to land.
      drain: () => new Promise((resolve) => setTimeout(resolve, 200)),
    }),
  );

/** The middy handler with an HTTP API (v2) event built around each request. */
export const lambdaDriver = (make = createReliabilityBot): BadInputDriver =>
  badInput(
    lambdaRow({
      name: "aws-lambda (http api v2)",
      format: "http-api-v2",
      functionName: "catops-reliability",
      // Buffered answers come through a job: a deadline with room for its round trip.
      bot: (setup) => make(setup.env, { logger: silentLogger, deadlineMs: LAMBDA_JOB_DEADLINE_MS }),
    }),
    (running) => ({ sameRealm: true, stop: running.drain }),
  );

/**
 * Starts `driver` serving the reliability env, with its own recorder, before the file's tests
 * and stops both after them. The returned objects stand for them once started.
 */
export function useBadInputAdapter(driver: BadInputDriver) {
  let started: { recorder: Recorder; adapter: BadInputAdapter } | undefined;
  beforeAll(async () => {
    const recorder = await startRecorder();
    started = { recorder, adapter: undefined as unknown as BadInputAdapter };
    started.adapter = await driver.start({
      env: {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        CATOPS_SLACK_API_URL: `${recorder.url}/api`,
        CATOPS_SPY_URL: recorder.url,
      },
      recorderUrl: recorder.url,
    });
  }, 60_000);
  afterAll(async () => {
    await started?.adapter?.stop();
    await started?.recorder.close();
  });
  const standIn = <K extends "recorder" | "adapter">(key: K) =>
    new Proxy({} as NonNullable<typeof started>[K], {
      get: (_, property) => Reflect.get(started![key], property),
    });
  return { recorder: standIn("recorder"), adapter: standIn("adapter") };
}

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
