// Places a Web Request inside a real AWS event fixture of each HTTP format, as API Gateway,
// Function URLs and ALB would deliver it, and reads a Lambda result back as a Web Response.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { vendorJson } from "../fixtures/vendor.mjs";

export type HttpFormat = "api-gateway-v1" | "http-api-v2" | "function-url" | "alb";

export const HTTP_FORMATS: readonly HttpFormat[] = [
  "api-gateway-v1",
  "http-api-v2",
  "function-url",
  "alb",
];

const vendorFixture = (name: string) => vendorJson(`aws/${name}`);
const localFixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

/** The fixture each format's events are built on. */
export const TEMPLATES: Record<HttpFormat, () => Record<string, any>> = {
  "api-gateway-v1": () => vendorFixture("apigw-v1-rest-proxy-request.aws-lambda-go.json"),
  "http-api-v2": () => vendorFixture("apigw-v2-http-api-request-no-authorizer.aws-lambda-go.json"),
  "function-url": () => vendorFixture("lambda-function-url-request.aws-lambda-go.json"),
  alb: () => localFixture("alb-target-group-request.json"),
};

// API Gateway REST passes text through; HTTP APIs, Function URLs and ALB base64-encode every
// body whose type is not one of these (form posts included, as Slack's slash commands are).
const PASSED_AS_TEXT = /^(text\/|application\/(json|javascript|xml))/i;

export async function eventFromRequest(
  format: HttpFormat,
  request: Request,
): Promise<Record<string, any>> {
  const event = TEMPLATES[format]();
  const url = new URL(request.url);
  const bytes = new Uint8Array(await request.arrayBuffer());
  const type = request.headers.get("content-type") ?? "";
  const base64 = bytes.byteLength > 0 && format !== "api-gateway-v1" && !PASSED_AS_TEXT.test(type);
  const body =
    bytes.byteLength === 0
      ? null
      : base64
        ? Buffer.from(bytes).toString("base64")
        : new TextDecoder().decode(bytes);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (bytes.byteLength > 0) headers["content-length"] = String(bytes.byteLength);
  const requestId = randomUUID();

  switch (format) {
    case "api-gateway-v1": {
      const query = [...url.searchParams.keys()];
      return {
        ...event,
        resource: url.pathname,
        path: url.pathname,
        httpMethod: request.method,
        headers: { ...merge(event.headers, headers), Host: event.requestContext.domainName },
        multiValueHeaders: {
          ...merge(
            event.multiValueHeaders,
            Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
          ),
          Host: [event.requestContext.domainName],
        },
        queryStringParameters: query.length
          ? Object.fromEntries(query.map((k) => [k, url.searchParams.get(k)]))
          : null,
        multiValueQueryStringParameters: query.length
          ? Object.fromEntries(query.map((k) => [k, url.searchParams.getAll(k)]))
          : null,
        pathParameters: null,
        requestContext: {
          ...event.requestContext,
          path: `/${event.requestContext.stage}${url.pathname}`,
          resourcePath: url.pathname,
          httpMethod: request.method,
          requestId,
          requestTimeEpoch: Date.now(),
        },
        body,
        isBase64Encoded: false,
      };
    }
    case "http-api-v2":
    case "function-url": {
      const cookies = (headers.cookie ?? "").split(/;\s*/).filter(Boolean);
      delete headers.cookie;
      const domainName =
        format === "function-url"
          ? "b3k6nxzdzy5ywtyvd5mmzcfmua0ugopz.lambda-url.us-west-2.on.aws"
          : event.requestContext.domainName;
      return {
        ...event,
        routeKey: format === "http-api-v2" ? `${request.method} ${url.pathname}` : "$default",
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        ...(cookies.length ? { cookies } : { cookies: undefined }),
        headers: { ...headers, host: domainName },
        queryStringParameters: url.search
          ? Object.fromEntries(
              [...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join(",")]),
            )
          : undefined,
        requestContext: {
          ...event.requestContext,
          domainName,
          domainPrefix: domainName.split(".")[0],
          http: { ...event.requestContext.http, method: request.method, path: url.pathname },
          requestId,
          routeKey: format === "http-api-v2" ? `${request.method} ${url.pathname}` : "$default",
          timeEpoch: Date.now(),
        },
        body: body ?? undefined,
        isBase64Encoded: base64,
      };
    }
    case "alb": {
      // ALB passes query values as the client encoded them.
      const pairs = url.search.slice(1).split("&").filter(Boolean);
      const queryStringParameters = Object.fromEntries(
        pairs.map((pair) => {
          const at = pair.indexOf("=");
          return at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
        }),
      );
      return {
        ...event,
        httpMethod: request.method,
        path: url.pathname,
        queryStringParameters,
        headers: merge(event.headers, headers),
        body: body ?? "",
        isBase64Encoded: base64,
      };
    }
  }
}

/** The template's headers with the request's on top, names compared without case. */
function merge<T>(template: Record<string, T>, own: Record<string, T>): Record<string, T> {
  const names = new Set(Object.keys(own).map((name) => name.toLowerCase()));
  const kept = Object.entries(template).filter(([name]) => !names.has(name.toLowerCase()));
  return { ...Object.fromEntries(kept), ...own };
}

/** Reads an HTTP result of any of the four formats back into a Web Response. */
export function responseFromResult(result: unknown): Response {
  const r = result as {
    statusCode?: number;
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  };
  if (typeof r?.statusCode !== "number")
    throw new Error(`not an HTTP result: ${JSON.stringify(result)}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(r.headers ?? {})) headers.set(name, value);
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) {
    headers.delete(name);
    for (const value of values) headers.append(name, value);
  }
  for (const cookie of r.cookies ?? []) headers.append("set-cookie", cookie);
  const status = r.statusCode;
  const empty = status === 204 || status === 304;
  const body = empty
    ? null
    : r.isBase64Encoded
      ? Buffer.from(r.body ?? "", "base64")
      : (r.body ?? "");
  return new Response(body, { status, headers });
}
