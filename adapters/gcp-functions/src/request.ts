// Express request (body already parsed by the framework) → Web Request, and Web Response → Express.
import { stripBasePath } from "@catops/core";
import type { FunctionsRequest, FunctionsResponse } from "./types.js";

const encoder = new TextEncoder();

/**
 * Builds the Web Request the bot routes on. The body is the exact bytes the framework received
 * (`rawBody`), never the parsed form, so signatures verify on what the sender signed.
 */
export function toWebRequest(req: FunctionsRequest, basePath = ""): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  const method = req.method.toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : rawBody(req);
  return new Request(requestUrl(req, headers, basePath), {
    method,
    headers,
    // A Buffer's backing store may be a SharedArrayBuffer in the types; never in practice here.
    body: body as Uint8Array<ArrayBuffer> | undefined,
  });
}

/** `basePath` is normalised ('/catops'), as checkAdapterOptions returns it. */
function requestUrl(req: FunctionsRequest, headers: Headers, basePath: string): string {
  let path = req.originalUrl ?? req.url;
  if (!path.startsWith("/")) path = `/${path}`;
  const queryAt = path.indexOf("?");
  if (queryAt >= 0) path = stripBasePath(path.slice(0, queryAt), basePath) + path.slice(queryAt);
  else path = stripBasePath(path, basePath);
  // A leading '//' would make the rest of the path read as a host.
  path = path.replace(/^\/+/, "/");
  const protocol = req.protocol === "http" ? "http" : "https";
  const host = headers.get("host") ?? "localhost";
  try {
    return new URL(`${protocol}://${host}${path}`).href;
  } catch {
    return new URL(path, "https://localhost").href;
  }
}

function rawBody(req: FunctionsRequest): Uint8Array | undefined {
  if (req.rawBody) return req.rawBody;
  if (typeof req.body === "string") return encoder.encode(req.body);
  if (req.body instanceof Uint8Array) return req.body;
  return undefined;
}

/** Writes a Web Response to the Express response: status, headers (cookies kept apart), body. */
export async function sendWebResponse(res: FunctionsResponse, response: Response): Promise<void> {
  const body = response.body ? new Uint8Array(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(body);
}
