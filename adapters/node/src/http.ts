// node:http to CatOps and back, without Web Request/Response objects on the way: a request is
// read into core's PlainRequest, and the answer is written straight to the socket. The Web
// classes (and @hono/node-server's conversion to them) cost more per request than all of
// CatOps' own work.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type CatOpsResponse,
  DEFAULT_BODY_LIMIT,
  errorResponse,
  PlainHeaders,
  PlainRequest,
} from "@catops/core";

export type FetchLike = (request: PlainRequest) => Promise<CatOpsResponse>;

export interface NodeHandlerOptions {
  /** Largest body read, in bytes; a larger one is answered 413 without reading it. */
  bodyLimit?: number;
  /** Called when writing an answer fails (the client went away). */
  onError?: (error: unknown) => void;
}

/** A node:http request listener serving `fetch`. */
export function createNodeHandler(fetch: FetchLike, options: NodeHandlerOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return function catopsNodeHandler(req: IncomingMessage, res: ServerResponse): void {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      await write(res, errorResponse(413, `body larger than ${limit} bytes`), req.method);
      req.resume();
      return;
    }
    const body = req.method === "GET" || req.method === "HEAD" ? null : await readAll(req, limit);
    if (body === undefined) {
      await write(res, errorResponse(413, `body larger than ${limit} bytes`), req.method);
      return;
    }
    const request = new PlainRequest(urlOf(req), {
      method: req.method,
      headers: headersOf(req),
      body,
    });
    await write(res, await fetch(request), req.method);
  }
}

function urlOf(req: IncomingMessage): string {
  const host = req.headers.host ?? "localhost";
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  return `${proto}://${host}${req.url ?? "/"}`;
}

function headersOf(req: IncomingMessage): PlainHeaders {
  const headers = new PlainHeaders();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** The whole body, or undefined once it passes `limit` bytes (the rest is not kept). */
function readAll(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(over ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

async function write(
  res: ServerResponse,
  response: CatOpsResponse,
  method: string | undefined,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  const cookies: string[] = [];
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") cookies.push(value);
    else headers[name] = value;
  });
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  // CatOps answers in text; a HEAD answer has the headers alone.
  const text = method === "HEAD" ? undefined : await response.text();
  if (text !== undefined && headers["content-length"] === undefined)
    headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}
