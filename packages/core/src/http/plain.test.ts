import { describe, expect, it } from "vitest";
import { HttpError } from "../errors.js";
import { pathnameOf } from "./exchange.js";
import { json } from "./http.js";
import { PlainHeaders, PlainRequest, PlainResponse, toWebResponse } from "./plain.js";

/** Every header as [name, value] pairs, in the order forEach gives them. */
function pairsOf(headers: { forEach(cb: (value: string, name: string) => void): void }) {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => {
    pairs.push([name, value]);
  });
  return pairs;
}

describe("PlainHeaders", () => {
  it("reads, joins and iterates as the Web Headers class does", () => {
    const init: [string, string][] = [
      ["X-B", " two "],
      ["x-a", "1"],
      ["X-A", "2"],
      ["Set-Cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["Cookie", "c=3"],
    ];
    const plain = new PlainHeaders(init);
    const web = new Headers(init);
    expect(pairsOf(plain)).toEqual(pairsOf(web));
    expect([...plain]).toEqual([...web]);
    expect(plain.get("X-A")).toBe(web.get("x-a"));
    expect(plain.getSetCookie()).toEqual(web.getSetCookie());
    expect(() => new PlainHeaders([["bad name", "x"]])).toThrow(TypeError);
    expect(() => new PlainHeaders([["x-a", "one\r\ntwo"]])).toThrow(TypeError);
  });

  it("viewOf reads node's parsed record in place: repeats joined, cookies apart", () => {
    // node:http's `req.headers` for repeated headers: joined with ", ", cookies with "; ",
    // `set-cookie` kept as a list.
    const parsed = {
      host: "example.com",
      "x-forwarded-for": "10.0.0.1, 10.0.0.2",
      cookie: "a=1; b=2",
      "set-cookie": ["s=1", "t=2"],
    };
    const headers = PlainHeaders.viewOf(parsed);
    expect(headers.get("Host")).toBe("example.com");
    expect(headers.get("X-Forwarded-For")).toBe("10.0.0.1, 10.0.0.2");
    expect(headers.get("cookie")).toBe("a=1; b=2");
    expect(headers.get("set-cookie")).toBe("s=1, t=2");
    expect(headers.get("toString")).toBeNull();
    expect(headers.has("x-missing")).toBe(false);
    const web = new Headers();
    for (const [name, value] of Object.entries(parsed))
      for (const one of [value].flat()) web.append(name, one);
    expect(pairsOf(headers)).toEqual(pairsOf(web));
    expect(headers.getSetCookie()).toEqual(["s=1", "t=2"]);
  });

  it("viewOf copies the record on the first change, never changing it", () => {
    const parsed = Object.freeze({ "content-type": "text/plain" });
    const headers = PlainHeaders.viewOf(parsed);
    headers.set("x-extra", "1");
    headers.append("content-type", "charset=utf-8");
    expect(pairsOf(headers)).toEqual([
      ["content-type", "text/plain, charset=utf-8"],
      ["x-extra", "1"],
    ]);
    expect(parsed).toEqual({ "content-type": "text/plain" });
    const copy = new PlainHeaders(PlainHeaders.viewOf(parsed));
    copy.delete("content-type");
    expect(pairsOf(copy)).toEqual([]);
    expect(parsed).toEqual({ "content-type": "text/plain" });
  });

  it("refuses a value with CR, LF or NUL, which a lenient parser lets through", () => {
    expect(() => PlainHeaders.fromParsed({ "x-a": "one\ntwo" })).toThrow(TypeError);
    expect(() => PlainHeaders.fromParsed({ "x-a": "one\0two" })).toThrow(TypeError);
    // Read in place: refused when read, as the request's fault (a 400), not a failure of ours.
    const viewed = PlainHeaders.viewOf({ "x-a": "one\rtwo", "x-b": "fine" });
    expect(viewed.get("x-b")).toBe("fine");
    expect(() => viewed.get("x-a")).toThrow(HttpError);
    expect(() => viewed.get("x-a")).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => pairsOf(viewed)).toThrow(HttpError);
  });

  it("fromParsed checks a record's names, as an event can be made by hand", () => {
    const headers = PlainHeaders.fromParsed({ "Content-Type": "text/plain", skipped: undefined });
    expect(pairsOf(headers)).toEqual([["content-type", "text/plain"]]);
    expect(() => PlainHeaders.fromParsed({ "bad header\n": "x" })).toThrow(TypeError);
  });

  it("makes a map of its own with its first write, leaving others' alone", () => {
    const a = new PlainHeaders();
    const b = new PlainHeaders();
    a.set("x-a", "1");
    a.append("set-cookie", "s=1");
    b.append("x-b", "2");
    expect(pairsOf(a)).toEqual([
      ["set-cookie", "s=1"],
      ["x-a", "1"],
    ]);
    expect(pairsOf(b)).toEqual([["x-b", "2"]]);
    expect(pairsOf(new PlainHeaders())).toEqual([]);
    const copy = new PlainHeaders(a);
    copy.delete("set-cookie");
    expect(a.getSetCookie()).toEqual(["s=1"]);
    expect(copy.getSetCookie()).toEqual([]);
  });
});

describe("PlainRequest.pathname", () => {
  it.each([
    ["https://example.com/slack/events", "/slack/events"],
    ["https://example.com/slack/events?x=1", "/slack/events"],
    ["https://example.com/slack/events#top", "/slack/events"],
    ["https://example.com", "/"],
    ["https://example.com?x=1", "/"],
    ["https://example.com/a/../slack/events", "/slack/events"],
    ["https://example.com/a/./b", "/a/b"],
    ["https://example.com/alerts/my%20source", "/alerts/my%20source"],
    ["https://example.com/a/.well-known/x", "/a/.well-known/x"],
  ])("%s is %s, as the URL parser reads it", (url, pathname) => {
    expect(new PlainRequest(url).pathname).toBe(pathname);
    expect(new URL(url).pathname).toBe(pathname);
    // A Web Request has no pathname of its own: it is read off its URL the same way.
    expect(pathnameOf(new Request(url))).toBe(pathname);
  });
});

describe("toWebResponse", () => {
  it("copies a plain response at once: status, body and every header, cookies apart", async () => {
    const plain = new PlainResponse("hello", {
      status: 201,
      headers: [
        ["content-type", "text/plain"],
        ["set-cookie", "a=1"],
        ["x-trace", "t"],
        ["set-cookie", "b=2"],
      ],
    });
    const web = toWebResponse(plain);
    expect(web).toBeInstanceOf(Response);
    const response = web as Response;
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(response.headers.get("x-trace")).toBe("t");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await response.text()).toBe("hello");
  });

  it("reads any other response's text when it is given, and passes a Web Response through", async () => {
    const other = {
      status: 404,
      headers: new PlainHeaders([["content-type", "application/json"]]),
      text: async () => '{"ok":false}',
    };
    const web = await toWebResponse(other);
    expect(web.status).toBe(404);
    expect(await web.json()).toEqual({ ok: false });
    const already = new Response("x");
    expect(toWebResponse(already)).toBe(already);
    expect((toWebResponse(new PlainResponse(null, { status: 204 })) as Response).body).toBeNull();
  });
});

describe("json", () => {
  it("answers JSON, with any headers given beside its type, which they may replace", async () => {
    const plain = json({ ok: true });
    expect(pairsOf(plain.headers)).toEqual([["content-type", "application/json; charset=utf-8"]]);
    expect(await plain.json()).toEqual({ ok: true });
    const withHeaders = json({}, 401, { "X-Slack-No-Retry": "1" });
    expect(withHeaders.status).toBe(401);
    expect(pairsOf(withHeaders.headers)).toEqual([
      ["content-type", "application/json; charset=utf-8"],
      ["x-slack-no-retry", "1"],
    ]);
    expect(
      json("x", 200, { "content-type": "application/problem+json" }).headers.get("content-type"),
    ).toBe("application/problem+json");
  });

  it("gives each response headers of its own, a clone's included", () => {
    const first = json({});
    first.headers.set("x-extra", "1");
    expect(json({}).headers.has("x-extra")).toBe(false);
    const copy = first.clone();
    copy.headers.set("x-copy", "1");
    expect(first.headers.has("x-copy")).toBe(false);
    expect(copy.headers.get("x-extra")).toBe("1");
  });
});
