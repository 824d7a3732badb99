// API Gateway HTTP API, payload format 2.0.
import { type CatOpsResponse, isThenable, type PlainRequest } from "@catops/core";
import type { ApiGatewayV2Event, ApiGatewayV2Result } from "../types.js";
import {
  buildRequest,
  type EventProcessor,
  headersFrom,
  type RequestOptions,
  type ResultBody,
  resultBody,
  splitHeaders,
} from "./shared.js";

export function isV2Event(event: unknown): event is ApiGatewayV2Event {
  const e = event as Partial<ApiGatewayV2Event>;
  return (
    e?.version === "2.0" &&
    typeof e.rawPath === "string" &&
    typeof e.requestContext?.http?.method === "string"
  );
}

/** Function URLs are served from `<url-id>.lambda-url.<region>.on.aws`. */
export function isFunctionUrlEvent(event: ApiGatewayV2Event): boolean {
  // By hand rather than a regex: this runs on every event, and a regex's first use compiles it
  // during a cold start's first request.
  const domain = event.requestContext.domainName ?? "";
  if (!domain.endsWith(".on.aws")) return false;
  const beforeSuffix = domain.length - ".on.aws".length;
  const regionAt = domain.lastIndexOf(".", beforeSuffix - 1) + 1;
  return regionAt > 0 && regionAt < beforeSuffix && domain.endsWith(".lambda-url", regionAt - 1);
}

/** `path`: the route's path, by default rawPath less a named stage. */
export function v2Request(
  event: ApiGatewayV2Event,
  options?: RequestOptions,
  path = withoutStage(event),
): PlainRequest {
  const headers = headersFrom(event.headers);
  // Payload 2.0 moves cookies out of the headers into their own list.
  if (event.cookies?.length) headers.set("cookie", event.cookies.join("; "));
  return buildRequest({
    method: event.requestContext.http.method,
    host: event.requestContext.domainName,
    proto: headers.get("x-forwarded-proto") ?? undefined,
    path,
    query: event.rawQueryString,
    headers,
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
    basePath: options?.basePath,
  });
}

/** On a named stage (not `$default`), rawPath starts with the stage name: routes do not. */
function withoutStage(event: ApiGatewayV2Event): string {
  const stage = event.requestContext.stage;
  const path = event.rawPath;
  if (!stage || stage === "$default") return path;
  if (path === `/${stage}`) return "/";
  return path.startsWith(`/${stage}/`) ? path.slice(stage.length + 1) : path;
}

export function v2Result(
  response: CatOpsResponse,
): ApiGatewayV2Result | Promise<ApiGatewayV2Result> {
  const { headers, cookies } = splitHeaders(response);
  const result = (body: ResultBody): ApiGatewayV2Result => ({
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...body,
  });
  const body = resultBody(response);
  return isThenable(body) ? body.then(result) : result(body);
}

export const httpApiV2: EventProcessor<ApiGatewayV2Event, ApiGatewayV2Result> = {
  format: "http-api-v2",
  matches: (event): event is ApiGatewayV2Event => isV2Event(event) && !isFunctionUrlEvent(event),
  toRequest: v2Request,
  toResult: v2Result,
};
