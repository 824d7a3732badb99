// What every HTTP event format shares: building the request, reading the response. Requests are
// core's PlainRequest: Node would otherwise load its fetch implementation on the first request
// of every cold start, and a Web Request costs microseconds more on each warm one.
import {
  type CatOpsResponse,
  PlainHeaders,
  PlainRequest,
  responseText,
  stripBasePath,
} from "@catops/core";
import type { HttpResult } from "../types.js";

export type HttpEventFormat = "api-gateway-v1" | "http-api-v2" | "function-url" | "alb";

export interface RequestOptions {
  /** A normalised path prefix ('/bot') to remove before routing: a custom domain's mapping. */
  basePath?: string;
}

/** One processor per native event format: recognise it, turn it into a Request and back. */
export interface EventProcessor<E = any, R extends HttpResult = HttpResult> {
  readonly format: HttpEventFormat;
  matches(event: unknown): event is E;
  toRequest(event: E, options?: RequestOptions): PlainRequest;
  /**
   * Reads the core's answer: its status, headers and text are all it uses. At once for a plain
   * response, whose text is in memory.
   */
  toResult(response: CatOpsResponse, event: E): R | Promise<R>;
}

export interface RequestParts {
  method: string;
  host?: string;
  proto?: string;
  path: string;
  /** Already encoded, without the leading '?'. */
  query?: string;
  headers: PlainHeaders;
  body?: string | null;
  isBase64Encoded?: boolean;
  basePath?: string;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$/;

const validHost = (candidate: string | null | undefined) =>
  candidate && HOST.test(candidate) ? candidate : undefined;

/** Builds the request. Base64 bodies become the exact bytes sent, so signatures still match. */
export function buildRequest(parts: RequestParts): PlainRequest {
  const host = validHost(parts.host) ?? validHost(parts.headers.get("host"));
  const proto = parts.proto === "http" ? "http" : "https";
  const path = stripBasePath(parts.path || "/", parts.basePath ?? "");
  const url = `${proto}://${host ?? "localhost"}${path.startsWith("/") ? "" : "/"}${path}${
    parts.query ? `?${parts.query}` : ""
  }`;
  const method = parts.method.toUpperCase();
  const body =
    parts.body && method !== "GET" && method !== "HEAD"
      ? parts.isBase64Encoded
        ? Buffer.from(parts.body, "base64")
        : parts.body
      : null;
  return new PlainRequest(url, { method, headers: parts.headers, body });
}

/**
 * Headers from a single-value map and/or a multi-value map (the multi-value one wins), as the
 * load balancer or API Gateway parsed them off the wire. A map of lower-case names, as API
 * Gateway's HTTP APIs and function URLs send, is read in place, its values checked when read:
 * copying it into a map cost a warm event about a microsecond. Any other is copied, its names
 * checked and lower-cased, as an event can be made by hand.
 */
export function headersFrom(
  single: Record<string, string | undefined> | null | undefined,
  multi?: Record<string, string[] | undefined> | null,
): PlainHeaders {
  if (!multi || !hasKeys(multi)) {
    const record = single ?? {};
    return readsInPlace(record) ? PlainHeaders.viewOf(record) : PlainHeaders.fromParsed(record);
  }
  const headers = new PlainHeaders();
  for (const name in multi) for (const value of multi[name] ?? []) headers.append(name, value);
  return headers;
}

const LOWER_CASE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** Names all lower-case tokens (RFC 9110) and values all text: a map `viewOf` can read. */
function readsInPlace(record: Record<string, unknown>): boolean {
  for (const name in record) {
    const value = record[name];
    if (!LOWER_CASE_TOKEN.test(name) || (typeof value !== "string" && value !== undefined))
      return false;
  }
  return true;
}

function hasKeys(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

/** A query string from parameter maps, encoding values that arrive decoded (API Gateway). */
export function encodeQuery(
  single: Record<string, string | undefined> | null | undefined,
  multi: Record<string, string[] | undefined> | null | undefined,
): string {
  const params = new URLSearchParams();
  if (multi && Object.keys(multi).length > 0) {
    for (const [name, values] of Object.entries(multi))
      for (const value of values ?? []) params.append(name, value);
  } else {
    for (const [name, value] of Object.entries(single ?? {}))
      if (value !== undefined) params.append(name, value);
  }
  return params.toString();
}

/** A Lambda result's body: CatOps answers in text (JSON, plain), so the text, never base64. */
export interface ResultBody {
  body: string;
  isBase64Encoded: boolean;
}

/** The response body as Lambda wants it: at once for a plain response. */
export function resultBody(response: CatOpsResponse): ResultBody | Promise<ResultBody> {
  const text = responseText(response);
  return typeof text === "string"
    ? { body: text, isBase64Encoded: false }
    : text.then((body) => ({ body, isBase64Encoded: false }));
}

/** Response headers split into single values and the Set-Cookie list, which must stay apart. */
export function splitHeaders(response: CatOpsResponse): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") cookies.push(value);
    else headers[name] = value;
  });
  return { headers, cookies };
}
