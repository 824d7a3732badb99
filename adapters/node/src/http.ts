// node:http to CatOps and back, without Web Request/Response objects on the way: a request is
// read into core's PlainRequest, and the answer is written straight to the socket. The Web
// classes (and @hono/node-server's conversion to them) cost more per request than all of
// CatOps' own work.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type CatOpsResponse,
  DEFAULT_BODY_LIMIT,
  errorResponse,
  isThenable,
  PlainHeaders,
  PlainRequest,
  responseText,
  stripBasePath,
} from "@catops/core";

/** A response at once, or a promise of one. */
export type FetchLike = (request: PlainRequest) => CatOpsResponse | Promise<CatOpsResponse>;

export interface NodeHandlerOptions {
  /** Largest body read, in bytes; past it the answer is 413 and the connection is closed. */
  bodyLimit?: number;
  /** Called when writing an answer fails (the client went away). */
  onError?: (error: unknown) => void;
  /** A normalised path prefix ('/catops') removed before routing. */
  basePath?: string;
}

/**
 * A node:http request listener serving `fetch`. Callbacks rather than awaits: a request answered
 * at once goes from the body's last chunk to the written answer in the same turn, which is most
 * of what a slash command costs past bare node:http.
 */
export function createNodeHandler(fetch: FetchLike, options: NodeHandlerOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const basePath = options.basePath ?? "";

  function failed(res: ServerResponse, error: unknown): void {
    options.onError?.(error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end();
  }

  return function catopsNodeHandler(req: IncomingMessage, res: ServerResponse): void {
    try {
      const headers = headersOf(req);
      if (Number(headers.get("content-length")) > limit) {
        refuseLarge(req, res);
        return;
      }
      if (req.method === "GET" || req.method === "HEAD") answer(req, res, headers, null);
      else
        readAll(
          req,
          limit,
          (body) => (body === undefined ? refuseLarge(req, res) : answer(req, res, headers, body)),
          (error) => failed(res, error),
        );
    } catch (error) {
      failed(res, error);
    }
  };

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    headers: PlainHeaders,
    body: Uint8Array | null,
  ): void {
    const request = new PlainRequest(urlOf(req, headers.get("host"), basePath), {
      method: req.method,
      headers,
      body,
    });
    const response = fetch(request);
    if (isThenable(response))
      response
        .then((settled) => send(req, res, settled))
        .catch((error: unknown) => failed(res, error));
    else send(req, res, response);
  }

  /** Past the limit, reading stops: the answer goes out and the connection is closed. */
  function refuseLarge(req: IncomingMessage, res: ServerResponse): void {
    res.shouldKeepAlive = false;
    send(req, res, errorResponse(413, `body larger than ${limit} bytes`));
    closeUnread(req, res);
  }

  function send(req: IncomingMessage, res: ServerResponse, response: CatOpsResponse): void {
    const text = textOf(response, req.method);
    if (isThenable(text))
      text
        .then((settled) => write(res, response, settled))
        .catch((error: unknown) => failed(res, error));
    else write(res, response, text);
  }
}

/**
 * The body to send: CatOps answers in text, and a HEAD answer has the headers alone. A plain
 * response's text is taken as it is, without a turn of the event loop.
 */
function textOf(
  response: CatOpsResponse,
  method: string | undefined,
): string | undefined | Promise<string> {
  return method === "HEAD" ? undefined : responseText(response);
}

// Closing a socket that still has unread bytes resets it, and a reset can make the client lose
// the 413 it has not read yet. So the write side is closed first, and what the client is still
// sending is let in for a moment (never more than one more body) before the socket goes.
const LINGER_MS = 500;

function closeUnread(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  const destroy = () => socket.destroy();
  res.once("finish", () => {
    socket.end();
    setTimeout(destroy, LINGER_MS).unref();
  });
  socket.once("end", destroy);
}

/**
 * The request's headers. node's server makes `req.headers` for every request (it reads `expect`
 * itself), so they are read there, in place, rather than copied into a second record. But that
 * record keeps only the first of a repeated Content-Type, Host or Authorization, where the Fetch
 * standard (and every other adapter) joins them: a request that repeats a header, which its
 * record then has fewer names than lines for, is read from its raw lines.
 */
function headersOf(req: IncomingMessage): PlainHeaders {
  let names = 0;
  for (const _name in req.headers) names++;
  if (names * 2 === req.rawHeaders.length) return PlainHeaders.viewOf(req.headers);
  const lines: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    lines.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return new PlainHeaders(lines);
}

function urlOf(req: IncomingMessage, host: string | null, basePath: string): string {
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  let target = req.url ?? "/";
  if (basePath) {
    const queryAt = target.indexOf("?");
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    target = stripBasePath(path, basePath) + (queryAt < 0 ? "" : target.slice(queryAt));
  }
  return `${proto}://${host ?? "localhost"}${target}`;
}

/**
 * The whole body to `done`, or undefined as soon as it passes `limit` bytes (reading stops
 * there). A read error, or a throw of `done`, goes to `failed`.
 */
function readAll(
  req: IncomingMessage,
  limit: number,
  done: (body: Uint8Array | undefined) => void,
  failed: (error: unknown) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const finish = (body: Uint8Array | undefined) => {
    try {
      done(body);
    } catch (error) {
      failed(error);
    }
  };
  const onData = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size <= limit) {
      chunks.push(chunk);
      return;
    }
    req.off("data", onData);
    req.off("end", onEnd);
    req.pause();
    finish(undefined);
  };
  const onEnd = () => finish(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", failed);
}

function write(res: ServerResponse, response: CatOpsResponse, text: string | undefined): void {
  const headers: Record<string, string | string[]> = {};
  const cookies: string[] = [];
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") cookies.push(value);
    else headers[name] = value;
  });
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (text !== undefined && headers["content-length"] === undefined)
    headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(response.status, headers);
  res.end(text);
}
