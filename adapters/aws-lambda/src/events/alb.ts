// Application Load Balancer targets. With multi-value headers on, both directions use the
// multiValue* fields; ALB passes query values as the client sent them (still encoded).
import type { AlbEvent, AlbResult } from "../types.js";
import {
  buildRequest,
  type EventProcessor,
  headersFrom,
  resultBody,
  splitHeaders,
} from "./shared.js";
import { isAlbEvent } from "./shapes.js";

const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export const alb: EventProcessor<AlbEvent, AlbResult> = {
  format: "alb",

  matches: isAlbEvent,

  toRequest(event, options) {
    const headers = headersFrom(event.headers, event.multiValueHeaders);
    return buildRequest({
      method: event.httpMethod,
      proto: headers.get("x-forwarded-proto") ?? undefined,
      path: event.path,
      query: rawQuery(event),
      headers,
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
      basePath: options?.basePath,
    });
  },

  async toResult(response, event) {
    const { headers, cookies } = splitHeaders(response);
    const body = await resultBody(response);
    const statusDescription = `${response.status} ${REASONS[response.status] ?? ""}`.trim();
    if (event.multiValueHeaders) {
      const multiValueHeaders: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(headers)) multiValueHeaders[name] = [value];
      if (cookies.length > 0) multiValueHeaders["set-cookie"] = cookies;
      return { statusCode: response.status, statusDescription, multiValueHeaders, ...body };
    }
    // Without multi-value headers only one Set-Cookie can pass; keep the first.
    if (cookies[0]) headers["set-cookie"] = cookies[0];
    return { statusCode: response.status, statusDescription, headers, ...body };
  },
};

function rawQuery(event: AlbEvent): string {
  const pairs: string[] = [];
  if (event.multiValueQueryStringParameters) {
    for (const [name, values] of Object.entries(event.multiValueQueryStringParameters))
      for (const value of values ?? []) pairs.push(`${name}=${value}`);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
      if (value !== undefined) pairs.push(value === "" ? name : `${name}=${value}`);
  }
  return pairs.join("&");
}
