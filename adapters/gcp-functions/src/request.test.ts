import { describe, expect, it } from "vitest";
import { sendWebResponse, toWebRequest } from "./request.js";
import type { FunctionsRequest, FunctionsResponse } from "./types.js";

const encoder = new TextEncoder();

function expressRequest(overrides: Partial<FunctionsRequest> = {}): FunctionsRequest {
  return {
    method: "POST",
    url: "/slack/events",
    headers: { host: "region-project.cloudfunctions.net", "content-type": "application/json" },
    protocol: "https",
    ...overrides,
  };
}

describe("toWebRequest", () => {
  it("uses the raw bytes, not the parsed body", async () => {
    const raw = "text=a%20b&user=%2Fme";
    const request = toWebRequest(
      expressRequest({ rawBody: encoder.encode(raw), body: { text: "a b", user: "/me" } }),
    );
    expect(await request.text()).toBe(raw);
  });

  it("falls back to a text or byte body when the framework kept no raw body", async () => {
    expect(await toWebRequest(expressRequest({ body: "plain" })).text()).toBe("plain");
    expect(await toWebRequest(expressRequest({ body: encoder.encode("bytes") })).text()).toBe(
      "bytes",
    );
    expect(await toWebRequest(expressRequest({ body: {} })).text()).toBe("");
  });

  it("builds the URL from the host, protocol and original path", () => {
    const request = toWebRequest(
      expressRequest({ url: "/x", originalUrl: "/alerts/gcp-monitoring?auth_token=t" }),
    );
    expect(request.url).toBe(
      "https://region-project.cloudfunctions.net/alerts/gcp-monitoring?auth_token=t",
    );
    expect(toWebRequest(expressRequest({ protocol: "http" })).url).toMatch(/^http:\/\//);
  });

  it("strips a base path, and never lets the path name another host", () => {
    expect(
      new URL(toWebRequest(expressRequest({ url: "/catops/slack/events" }), "/catops").url)
        .pathname,
    ).toBe("/slack/events");
    expect(
      new URL(toWebRequest(expressRequest({ url: "/catopsx/a" }), "/catops").url).pathname,
    ).toBe("/catopsx/a");
    const query = new URL(
      toWebRequest(expressRequest({ url: "/catops?x=/catops" }), "/catops").url,
    );
    expect([query.pathname, query.search]).toEqual(["/", "?x=/catops"]);
    expect(new URL(toWebRequest(expressRequest({ url: "//evil.example/x" })).url).host).toBe(
      "region-project.cloudfunctions.net",
    );
  });

  it("copies headers, repeated ones included, and sends no body with GET", async () => {
    const request = toWebRequest(
      expressRequest({
        method: "get",
        headers: { host: "h", "x-many": ["a", "b"], "x-none": undefined },
        rawBody: encoder.encode("ignored"),
      }),
    );
    expect(request.method).toBe("GET");
    expect(request.headers.get("x-many")).toBe("a, b");
    expect(request.headers.has("x-none")).toBe(false);
    expect(request.body).toBeNull();
  });
});

describe("sendWebResponse", () => {
  it("writes status, headers, each cookie and the body", async () => {
    const written: { headers: Record<string, unknown>; body?: Uint8Array } = { headers: {} };
    const res: FunctionsResponse = {
      statusCode: 200,
      setHeader: (name, value) => {
        written.headers[name] = value;
      },
      end: (body) => {
        written.body = body;
      },
    };
    const headers = new Headers({ "content-type": "application/json", "x-slack-no-retry": "1" });
    headers.append("set-cookie", "a=1");
    headers.append("set-cookie", "b=2");
    await sendWebResponse(res, new Response('{"ok":false}', { status: 401, headers }));
    expect(res.statusCode).toBe(401);
    expect(written.headers).toEqual({
      "content-type": "application/json",
      "x-slack-no-retry": "1",
      "set-cookie": ["a=1", "b=2"],
    });
    expect(new TextDecoder().decode(written.body)).toBe('{"ok":false}');
  });

  it("ends an empty response without a body", async () => {
    let ended: Uint8Array | undefined | null = null;
    const res: FunctionsResponse = {
      statusCode: 0,
      setHeader: () => {},
      end: (body) => {
        ended = body;
      },
    };
    await sendWebResponse(res, new Response(null, { status: 204 }));
    expect(res.statusCode).toBe(204);
    expect(ended).toBeUndefined();
  });
});
