import { describe, expect, it, vi } from "vitest";
import { middyOnUse } from "./middy-on-use.js";
import { createLambdaContext } from "./testing.js";

const middyLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("@middy/core", async (importOriginal) => {
  middyLoads.count++;
  return importOriginal();
});

const plain = async (event: unknown) => ({ answered: event as string });

describe("middyOnUse", () => {
  it("answers without loading middy, and leaves no timer, while no middleware is added", async () => {
    vi.useFakeTimers();
    try {
      const handler = middyOnUse(plain);
      expect(await handler("hi", createLambdaContext())).toEqual({ answered: "hi" });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(middyLoads.count).toBe(0);
  });

  it("loads middy for the first middleware and runs before, after and onError in middy's order", async () => {
    const order: string[] = [];
    const failing = middyOnUse(async (event: unknown) => {
      order.push(`handler ${event}`);
      if (event === "boom") throw new Error("boom");
      return { answered: event as string };
    })
      .use({ before: () => void order.push("before 1"), after: () => void order.push("after 1") })
      .use([{ before: () => void order.push("before 2"), after: () => void order.push("after 2") }])
      .onError((request) => {
        order.push(`onError ${(request.error as Error).message}`);
        request.response = { answered: "recovered" };
      });
    expect(await failing("hi", createLambdaContext())).toEqual({ answered: "hi" });
    expect(middyLoads.count).toBe(1);
    expect(order).toEqual(["before 1", "before 2", "handler hi", "after 2", "after 1"]);
    order.length = 0;
    expect(await failing("boom", createLambdaContext())).toEqual({ answered: "recovered" });
    expect(order).toEqual(["before 1", "before 2", "handler boom", "onError boom"]);
  });

  it("takes a middleware added after middy has loaded", async () => {
    const handler = middyOnUse(plain).before((request) => {
      request.event = `${request.event}!`;
    });
    expect(await handler("hi", createLambdaContext())).toEqual({ answered: "hi!" });
    handler.after((request) => {
      request.response = { answered: `${request.response?.answered}?` };
    });
    expect(await handler("hi", createLambdaContext())).toEqual({ answered: "hi!?" });
  });

  it("answers early from a before middleware, as middy does", async () => {
    const handler = middyOnUse(plain).before(() => ({ answered: "early" }));
    expect(await handler("hi", createLambdaContext())).toEqual({ answered: "early" });
  });

  it(".handler() replaces the plain handler, with or without middlewares", async () => {
    const handler = middyOnUse(plain).handler(async () => ({ answered: "replaced" }));
    expect(await handler("hi", createLambdaContext())).toEqual({ answered: "replaced" });
    handler.before(() => {});
    expect(await handler("hi", createLambdaContext())).toEqual({ answered: "replaced" });
  });

  it("refuses a middleware with no before, after or onError when it is added", () => {
    expect(() => middyOnUse(plain).use({} as never)).toThrow(
      /at least one key among "before", "after", "onError"/,
    );
  });
});
