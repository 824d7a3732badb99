import { webCryptoHmacSha256, type JobEnvelope } from "@catops/core";
import { describe, expect, it } from "vitest";
import { nodeHmacSha256 } from "@catops/core/node-hmac";
import { nodeRuntime } from "./runtime.js";

const envelope = (id: string): JobEnvelope => ({
  kind: "catops.job",
  id,
  connector: "web",
  event: { command: ["nap"] },
  enqueuedAt: 0,
});

describe("nodeRuntime", () => {
  it("computes the same HMAC as Web Crypto", async () => {
    for (const message of ["", "v0:1531420618:token=x&text=hi", "ünïcödé ✓"]) {
      expect(nodeHmacSha256("8f742231b10e8888abcd99yyyzzz85a5", message)).toBe(
        await webCryptoHmacSha256("8f742231b10e8888abcd99yyyzzz85a5", message),
      );
    }
  });

  it("reads process.env unless given an env", () => {
    expect(nodeRuntime().env).toBe(process.env);
    expect(nodeRuntime({ env: { A: "1" } }).env).toEqual({ A: "1" });
  });

  it("tracks waitUntil promises until they settle, failures included", async () => {
    const runtime = nodeRuntime({ env: {} });
    let release!: () => void;
    runtime.waitUntil(new Promise<void>((resolve) => (release = resolve)));
    runtime.waitUntil(Promise.reject(new Error("boom")));
    await Promise.resolve();
    expect(runtime.pending()).toBeGreaterThanOrEqual(1);
    expect(await runtime.settle(20)).toBe(false);
    release();
    expect(await runtime.settle(1000)).toBe(true);
    expect(runtime.pending()).toBe(0);
  });

  it("runs deferred jobs after the current turn and lists them while they run", async () => {
    const order: string[] = [];
    let finish!: () => void;
    const runtime = nodeRuntime({
      env: {},
      runJob: async (job) => {
        order.push(`start ${job.id}`);
        await new Promise<void>((resolve) => (finish = resolve));
        order.push(`end ${job.id}`);
      },
    });
    await runtime.defer!(envelope("j1"));
    order.push("acknowledged");
    expect(runtime.runningJobs().map((job) => job.id)).toEqual(["j1"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["acknowledged", "start j1"]);
    finish();
    expect(await runtime.settle(1000)).toBe(true);
    expect(order).toEqual(["acknowledged", "start j1", "end j1"]);
    expect(runtime.runningJobs()).toEqual([]);
  });

  it("has no defer without a job runner, so the core runs jobs through waitUntil", () => {
    expect(nodeRuntime({ env: {} }).defer).toBeUndefined();
  });
});
