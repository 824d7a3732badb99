import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { vendorJson } from "../../../../test/fixtures/vendor.mjs";
import { isFunctionUrlEvent } from "./api-gateway-v2.js";
import { alb, apiGatewayV1, functionUrl, httpApiV2, processorFor } from "./index.js";

const vendor = (name: string) => vendorJson(`aws/${name}`);
const local = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../../test/aws/fixtures/${name}`, import.meta.url), "utf8"),
  );

describe("picking the processor by looking at the event", () => {
  const cases: [string, unknown, string][] = [
    [
      "REST v1 (aws-lambda-go)",
      vendor("apigw-v1-rest-proxy-request.aws-lambda-go.json"),
      "api-gateway-v1",
    ],
    ["REST v1 (docs)", vendor("apigw-v1-rest-proxy-input-format.awsdocs.json"), "api-gateway-v1"],
    [
      "HTTP API v2 (docs)",
      vendor("apigw-v2-http-api-payload-format-2.0.awsdocs.json"),
      "http-api-v2",
    ],
    [
      "HTTP API v2 (no authorizer)",
      vendor("apigw-v2-http-api-request-no-authorizer.aws-lambda-go.json"),
      "http-api-v2",
    ],
    [
      "HTTP API v2 (jwt)",
      vendor("apigw-v2-http-api-request-jwt-authorizer.aws-lambda-go.json"),
      "http-api-v2",
    ],
    ["Function URL (docs)", vendor("lambda-function-url-request.awsdocs.json"), "function-url"],
    [
      "Function URL (aws-lambda-go)",
      vendor("lambda-function-url-request.aws-lambda-go.json"),
      "function-url",
    ],
    ["ALB", local("alb-target-group-request.json"), "alb"],
    ["ALB multi-value", local("alb-target-group-request-multi-value.json"), "alb"],
  ];
  it.each(cases)("%s", (_name, event, format) => {
    expect(processorFor(event)?.format).toBe(format);
  });

  it.each([
    ["abc123.lambda-url.us-east-1.on.aws", true],
    ["a.b.lambda-url.eu-west-1.on.aws", true],
    [".lambda-url.us-east-1.on.aws", true],
    ["lambda-url.us-east-1.on.aws", false],
    ["x.lambda-url..on.aws", false],
    ["x.lambda-url.on.aws", false],
    ["a.lambda-url.us.east.on.aws", false],
    ["xlambda-url.us-east-1.on.aws", false],
    ["a.lambda-url.us-east-1.on.aws.example.com", false],
    ["abc.execute-api.us-east-1.amazonaws.com", false],
    ["", false],
  ])("tells a Function URL by its domain: %s is %s", (domainName, expected) => {
    const event = { requestContext: { domainName } } as Parameters<typeof isFunctionUrlEvent>[0];
    expect(isFunctionUrlEvent(event)).toBe(expected);
  });

  it("finds no processor for non-HTTP events", () => {
    for (const event of [
      vendor("sns-cloudwatch-alarm-single-metric.aws-lambda-go.json"),
      vendor("eventbridge-cloudwatch-alarm-state-change-single-metric.awsdocs.json"),
      null,
      "text",
      42,
      [],
      {},
    ])
      expect(processorFor(event)).toBeUndefined();
  });
});

describe("REST v1", () => {
  it("keeps multi-value headers and query values, and the body as sent", async () => {
    const event = vendor("apigw-v1-rest-proxy-input-format.awsdocs.json");
    const request = apiGatewayV1.toRequest(event);
    expect(request.method).toBe("GET");
    const url = new URL(request.url);
    expect(url.host).toBe("id.execute-api.us-east-1.amazonaws.com");
    expect(url.pathname).toBe("/my/path");
    expect(url.searchParams.getAll("parameter1")).toEqual(["value1", "value2"]);
    expect(request.headers.get("header2")).toBe("value1, value2");

    const post = vendor("apigw-v1-rest-proxy-request.aws-lambda-go.json");
    const posted = apiGatewayV1.toRequest(post);
    expect(await posted.text()).toBe('{\r\n\t"a": 1\r\n}');
    expect(new URL(posted.url).pathname).toBe("/hello/world");
    expect(new URL(posted.url).searchParams.get("name")).toBe("me");
  });

  it("decodes a base64 body to the exact bytes", async () => {
    const bytes = Uint8Array.from([0, 255, 10, 13, 0xe2, 0x82, 0xac]);
    const event = {
      ...vendor("apigw-v1-rest-proxy-request.aws-lambda-go.json"),
      body: Buffer.from(bytes).toString("base64"),
      isBase64Encoded: true,
    };
    const request = apiGatewayV1.toRequest(event);
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it("re-encodes decoded query values", () => {
    const event = {
      ...vendor("apigw-v1-rest-proxy-input-format.awsdocs.json"),
      multiValueQueryStringParameters: { q: ["a b&c=d"] },
    };
    expect(new URL(apiGatewayV1.toRequest(event).url).searchParams.get("q")).toBe("a b&c=d");
  });

  it("strips a base path mapping", () => {
    const event = {
      ...vendor("apigw-v1-rest-proxy-request.aws-lambda-go.json"),
      path: "/bot/slack/events",
    };
    expect(new URL(apiGatewayV1.toRequest(event, { basePath: "/bot" }).url).pathname).toBe(
      "/slack/events",
    );
  });

  it("answers with headers, Set-Cookie as a list, and the text as text", async () => {
    const event = vendor("apigw-v1-rest-proxy-request.aws-lambda-go.json");
    const headers = new Headers({ "content-type": "application/json; charset=utf-8", "x-a": "1" });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    const result = await apiGatewayV1.toResult(
      new Response('{"ok":true}', { status: 201, headers }),
      event,
    );
    expect(result).toEqual({
      statusCode: 201,
      headers: { "content-type": "application/json; charset=utf-8", "x-a": "1" },
      multiValueHeaders: { "set-cookie": ["a=1", "b=2"] },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });
});

describe("HTTP API v2 and Function URL", () => {
  it("uses rawPath and rawQueryString, and puts cookies back in the Cookie header", async () => {
    const event = vendor("apigw-v2-http-api-payload-format-2.0.awsdocs.json");
    const request = httpApiV2.toRequest(event);
    expect(request.method).toBe("POST");
    expect(request.url).toBe(
      "https://id.execute-api.us-east-1.amazonaws.com/my/path?parameter1=value1&parameter1=value2&parameter2=value",
    );
    expect(request.headers.get("cookie")).toBe("cookie1; cookie2");
    expect(request.headers.get("header2")).toBe("value1,value2");
    expect(await request.text()).toBe("Hello from Lambda");
  });

  it("reads a map of lower-case names in place, and copies any other with its names checked", () => {
    // Without cookies, which are written into the headers (and so copy them).
    const event = { ...vendor("apigw-v2-http-api-payload-format-2.0.awsdocs.json"), cookies: [] };
    const inPlace = httpApiV2.toRequest(event);
    // Read in place: the event's map is what the headers say when read.
    event.headers.header1 = "changed";
    expect(inPlace.headers.get("Header1")).toBe("changed");
    const mixed = { ...event, headers: { "X-Slack-Signature": "v0=ab", "content-type": "a/b" } };
    const copied = httpApiV2.toRequest(mixed);
    expect(copied.headers.get("x-slack-signature")).toBe("v0=ab");
    mixed.headers["X-Slack-Signature"] = "changed";
    expect(copied.headers.get("x-slack-signature")).toBe("v0=ab");
    // A value that is not text (made by hand) is copied as text.
    const numeric = { ...event, headers: { "content-length": 12 } };
    expect(httpApiV2.toRequest(numeric as never).headers.get("content-length")).toBe("12");
    expect(() => httpApiV2.toRequest({ ...event, headers: { "bad name\n": "x" } })).toThrow(
      TypeError,
    );
  });

  it("removes a named stage from rawPath", () => {
    const event = vendor("apigw-v2-http-api-payload-format-2.0.awsdocs.json");
    const staged = {
      ...event,
      rawPath: "/prod/slack/events",
      requestContext: { ...event.requestContext, stage: "prod" },
    };
    expect(new URL(httpApiV2.toRequest(staged).url).pathname).toBe("/slack/events");
  });

  it("sends no body for GET", async () => {
    const event = vendor("apigw-v2-http-api-request-no-authorizer.aws-lambda-go.json");
    const request = httpApiV2.toRequest(event);
    expect(request.method).toBe("GET");
    expect(request.rawBody).toBeNull();
    expect(request.headers.get("user-agent")).toBe("curl/7.58.0");
  });

  it("falls back to a safe host when the domain is a placeholder", async () => {
    const event = vendor("lambda-function-url-request.awsdocs.json");
    const request = functionUrl.toRequest(event);
    expect(new URL(request.url).pathname).toBe("/my/path");
    expect(await request.text()).toBe("Hello from client!");
  });

  it("answers with a cookies list", async () => {
    const event = vendor("lambda-function-url-request.aws-lambda-go.json");
    const headers = new Headers({ "content-type": "text/plain" });
    headers.append("set-cookie", "a=1; Secure");
    headers.append("set-cookie", "b=2");
    expect(await functionUrl.toResult(new Response("hi", { headers }), event)).toEqual({
      statusCode: 200,
      headers: { "content-type": "text/plain" },
      cookies: ["a=1; Secure", "b=2"],
      body: "hi",
      isBase64Encoded: false,
    });
  });
});

describe("ALB", () => {
  it("reads single-value events and answers with statusDescription and headers", async () => {
    const event = local("alb-target-group-request.json");
    const request = alb.toRequest(event);
    expect(request.url).toBe("https://lambda-846800462-us-east-2.elb.amazonaws.com/");
    expect(request.headers.get("cookie")).toBe("name=value");
    const result = await alb.toResult(
      new Response("nope", { status: 404, headers: { "content-type": "text/plain" } }),
      event,
    );
    expect(result).toEqual({
      statusCode: 404,
      statusDescription: "404 Not Found",
      headers: { "content-type": "text/plain" },
      body: "nope",
      isBase64Encoded: false,
    });
  });

  it("keeps every value with multi-value headers on, both ways", async () => {
    const event = local("alb-target-group-request-multi-value.json");
    const request = alb.toRequest(event);
    expect(request.headers.get("cookie")).toBe("name1=value1; name2=value2");
    expect(new URL(request.url).searchParams.getAll("myKey")).toEqual(["val1", "val2"]);
    const headers = new Headers({ "content-type": "application/json" });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    const result = await alb.toResult(new Response("{}", { headers }), event);
    expect(result).toEqual({
      statusCode: 200,
      statusDescription: "200 OK",
      multiValueHeaders: { "content-type": ["application/json"], "set-cookie": ["a=1", "b=2"] },
      body: "{}",
      isBase64Encoded: false,
    });
  });

  it("passes query values through as the client encoded them", () => {
    const event = {
      ...local("alb-target-group-request.json"),
      queryStringParameters: { q: "a%20b%26c" },
    };
    expect(new URL(alb.toRequest(event).url).searchParams.get("q")).toBe("a b&c");
  });
});
