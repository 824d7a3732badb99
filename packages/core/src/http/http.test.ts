import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import type { Connector } from "../connector.js";
import { HttpError } from "../errors.js";
import { bodyText, errorResponse, json, parseJsonObject, readBody } from "./http.js";
import { PlainRequest } from "./plain.js";
import type { Logger } from "../types.js";

function streamOf(chunks: Uint8Array[]): {
  body: ReadableStream<Uint8Array>;
  pulled: () => number;
} {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[pulled++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request("http://bot.test/x", {
    method: "POST",
    body,
    headers,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

describe("readBody", () => {
  it("reads UTF-8 text", async () => {
    expect(await readBody(post("héllo ✓"), 100)).toBe("héllo ✓");
    expect(await readBody(new Request("http://bot.test/"), 100)).toBe("");
  });

  it("refuses a declared length over the limit with 413, reading nothing", async () => {
    const { body, pulled } = streamOf([new Uint8Array(10)]);
    const error = await readBody(post(body, { "content-length": "101" }), 100).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 413, message: "body larger than 100 bytes" });
    expect(pulled()).toBe(0);
  });

  it("stops reading a stream as soon as it passes the limit", async () => {
    const chunks = Array.from({ length: 100 }, () => new Uint8Array(40).fill(97));
    const { body, pulled } = streamOf(chunks);
    await expect(readBody(post(body), 100)).rejects.toMatchObject({ status: 413 });
    expect(pulled()).toBeLessThan(10);
  });

  it("accepts exactly the limit", async () => {
    expect(await readBody(post("x".repeat(100)), 100)).toHaveLength(100);
  });

  it("refuses bytes that are not UTF-8 with 400", async () => {
    await expect(readBody(post(new Uint8Array([0x66, 0xff, 0xfe])), 100)).rejects.toMatchObject({
      status: 400,
      message: "body is not valid UTF-8",
    });
  });
});

describe("bodyText", () => {
  const plain = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
    new PlainRequest("http://bot.test/x", { method: "POST", body, headers });

  it("answers in the same turn for a body already in memory, with readBody's checks", () => {
    expect(bodyText(plain("héllo ✓"), 100)).toBe("héllo ✓");
    expect(bodyText(plain(new TextEncoder().encode("bytes ✓")), 100)).toBe("bytes ✓");
    expect(() => bodyText(plain("x".repeat(101)), 100)).toThrow("body larger than 100 bytes");
    expect(() => bodyText(plain("x", { "content-length": "101" }), 100)).toThrow(HttpError);
    expect(() => bodyText(plain(new Uint8Array([0xff])), 100)).toThrow("body is not valid UTF-8");
  });

  it("gives a promise for a body still to be read, and readBody the same text", async () => {
    const read = bodyText(post("streamed ✓"), 100);
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toBe("streamed ✓");
    expect(await readBody(plain("in memory"), 100)).toBe("in memory");
    // readBody keeps its promise even when the check fails at once.
    await expect(readBody(plain("x".repeat(101)), 100)).rejects.toMatchObject({ status: 413 });
  });
});

describe("parseJsonObject", () => {
  it("parses an object and refuses anything else with 400", () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(() => parseJsonObject("{nope")).toThrow("body is not valid JSON");
    expect(() => parseJsonObject("[1]", "payload")).toThrow("payload must be a JSON object");
    expect(() => parseJsonObject("null")).toThrow(HttpError);
  });
});

describe("json and errorResponse", () => {
  it("answer JSON with a status", async () => {
    const response = errorResponse(418, "teapot");
    expect(response.status).toBe(418);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ ok: false, error: "teapot" });
    expect((await json({ a: 1 }, 201, { "x-a": "b" })).headers.get("x-a")).toBe("b");
  });
});

describe("the fetch handler", () => {
  const errors: unknown[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => errors.push({ message, ...fields }),
  };
  const connector: Connector = {
    name: "test",
    paths: ["/test/echo", "/test/teapot", "/test/crash", "/test/big"],
    async handle(request, kit) {
      const path = new URL(request.url).pathname;
      if (path === "/test/teapot") throw new HttpError(418, "short and stout");
      if (path === "/test/crash") throw new Error("secret internals at db.ts:12");
      const body = await readBody(request, kit.bodyLimit);
      return json({ body, requestId: kit.requestId });
    },
    async deliver() {
      return {};
    },
  };
  const bot = createCatOps({
    connectors: [connector],
    logger,
    bodyLimit: 64,
    commands: [{ name: "hi", run: () => "Meow!" }],
  });
  const call = (path: string, init?: RequestInit, runtime = {}) =>
    bot.fetch(new Request(`http://bot.test${path}`, init), runtime);

  it("answers /healthz to GET and HEAD", async () => {
    const response = await call("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, name: "catops" });
    expect((await call("/healthz", { method: "HEAD" })).status).toBe(200);
    expect((await call("/healthz", { method: "POST" })).status).toBe(405);
  });

  it("answers 404 for an unknown path", async () => {
    const response = await call("/nope", { method: "POST", body: "x" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error: "not found" });
    expect((await call("/alerts/cloudwatch", { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("answers 405 with Allow: POST for another method on a connector path", async () => {
    const response = await call("/test/echo");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("hands POSTs to the connector with the runtime's request id", async () => {
    const response = await call(
      "/test/echo",
      { method: "POST", body: "hello" },
      { requestId: "r-9" },
    );
    expect(await response.json()).toEqual({ body: "hello", requestId: "r-9" });
  });

  it("maps an HttpError to its status and message", async () => {
    const response = await call("/test/teapot", { method: "POST", body: "" });
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ ok: false, error: "short and stout" });
  });

  it("maps a body over the limit to 413", async () => {
    const response = await call("/test/big", { method: "POST", body: "x".repeat(65) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: "body larger than 64 bytes" });
  });

  it("answers any other failure with a bare 500 and logs the details", async () => {
    const response = await call("/test/crash", { method: "POST", body: "" }, { requestId: "r-1" });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ ok: false, error: "internal error" });
    expect(text).not.toContain("db.ts");
    expect(errors).toContainEqual(
      expect.objectContaining({ message: "request failed", requestId: "r-1", path: "/test/crash" }),
    );
  });
});
