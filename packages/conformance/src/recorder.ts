// A local HTTP server that stands in for Slack's servers (response_url, chat.postMessage):
// it records every request it is sent and answers like Slack does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: any;
  at: number;
}

export interface Recorder {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  /** Resolves once a request matching `match` has arrived (or rejects after `timeoutMs`). */
  waitFor(
    match: (request: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  /** Sets how the next requests to `path` are answered (status, body, headers), in order. */
  respondWith(path: string, ...responses: ScriptedResponse[]): void;
  /** Answers every request to `path` with `response` (a key set, a token endpoint), kept by `clear`. */
  serve(path: string, response: ScriptedResponse): void;
  /**
   * Answers every request `match` picks with `response`, ahead of anything set by path, until the
   * function it returns is called: set before a request is sent, it cannot be late for it.
   */
  respondWhere(
    match: (request: RecordedRequest) => boolean,
    response: ScriptedResponse,
  ): () => void;
  clear(): void;
  close(): Promise<void>;
}

export interface ScriptedResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Waits this long before answering (to make a client time out). */
  delayMs?: number;
}

export async function startRecorder(): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const waiters: {
    match: (r: RecordedRequest) => boolean;
    resolve: (r: RecordedRequest) => void;
  }[] = [];
  const scripted = new Map<string, ScriptedResponse[]>();
  const served = new Map<string, ScriptedResponse>();
  const rules = new Set<{ match: (r: RecordedRequest) => boolean; response: ScriptedResponse }>();

  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {}
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path,
      headers: req.headers,
      body,
      json,
      at: Date.now(),
    };
    requests.push(recorded);
    for (const waiter of [...waiters]) {
      if (waiter.match(recorded)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(recorded);
      }
    }
    const rule = [...rules].find((candidate) => candidate.match(recorded));
    const next =
      rule?.response ??
      scripted.get(path.split("?")[0]!)?.shift() ??
      served.get(path.split("?")[0]!);
    if (next) {
      if (next.delayMs) await new Promise((resolve) => setTimeout(resolve, next.delayMs));
      if (res.destroyed) return;
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(next.body ?? "");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      path.includes("/api/")
        ? JSON.stringify({ ok: true, ts: `${Date.now() / 1000}`, channel: "C0" })
        : "ok",
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor(match, timeoutMs = 15_000) {
      const found = requests.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching request within ${timeoutMs} ms; got ${requests.map((r) => r.path).join(", ") || "none"}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    respondWith(path, ...responses) {
      scripted.set(path, responses);
    },
    serve(path, response) {
      served.set(path, response);
    },
    respondWhere(match, response) {
      const rule = { match, response };
      rules.add(rule);
      return () => void rules.delete(rule);
    },
    clear() {
      requests.length = 0;
      scripted.clear();
      rules.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
