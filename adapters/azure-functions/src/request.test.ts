import { HttpRequest } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { toResponseInit, toWebRequest } from "./request.js";

describe("request and response translation", () => {
  it("keeps method, headers, query and body bytes", async () => {
    const bytes = new Uint8Array([0x61, 0x3d, 0x31, 0x0d, 0x0a, 0x20, 0xe2, 0x98, 0x83]);
    const azure = new HttpRequest({
      method: "POST",
      url: "https://bot.azurewebsites.net/api/slack/events?x=1",
      headers: { "x-slack-signature": "v0=abc", "content-type": "text/plain" },
      body: { bytes },
    });
    const request = await toWebRequest(azure, "/api");
    expect(request.method).toBe("POST");
    expect(request.url).toBe("https://bot.azurewebsites.net/slack/events?x=1");
    expect(request.headers.get("x-slack-signature")).toBe("v0=abc");
    expect(new Uint8Array(await request.arrayBuffer())).toEqual(bytes);
  });

  it("sends no body for GET and for 204 answers", async () => {
    const request = await toWebRequest(
      new HttpRequest({ method: "GET", url: "http://localhost/healthz" }),
      "",
    );
    expect(request.body).toBeNull();
    const init = await toResponseInit(new Response(null, { status: 204 }), "POST");
    expect(init).toEqual({ status: 204, headers: [] });
    const head = await toResponseInit(new Response("x", { headers: { a: "b" } }), "HEAD");
    expect(head.body).toBeUndefined();
  });

  it("returns status, every header and the body text", async () => {
    const response = new Response("héllo", { status: 201, headers: { "x-a": "1" } });
    response.headers.append("set-cookie", "a=1");
    response.headers.append("set-cookie", "b=2");
    const init = await toResponseInit(response, "POST");
    expect(init.status).toBe(201);
    expect(init.headers).toContainEqual(["x-a", "1"]);
    expect((init.headers as [string, string][]).filter(([k]) => k === "set-cookie")).toHaveLength(
      2,
    );
    expect(init.body).toBe("héllo");
  });
});
