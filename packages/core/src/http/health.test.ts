// GET /healthz reports the store's health: 200 while it can keep what is written, 503 with why.
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import { createMemoryStore } from "../store/memory.js";
import type { StoreHealth } from "../types.js";

function botWith(health: () => StoreHealth | Promise<StoreHealth>) {
  return createCatOps({ name: "ops", store: { ...createMemoryStore(), health } });
}

describe("/healthz", () => {
  it("answers 200 while the store is healthy", async () => {
    const answer = await botWith(() => ({ ok: true })).fetch(new Request("http://x/healthz"));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true, name: "ops" });
  });

  it("answers 503 with the store's reason when it is not", async () => {
    const bot = botWith(async () => ({ ok: false, reason: "the database file was deleted" }));
    const answer = await bot.fetch(new Request("http://x/healthz"));
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({
      ok: false,
      reason: "the database file was deleted",
    });
  });

  it("answers 503 when the health check itself throws", async () => {
    const bot = botWith(() => {
      throw new Error("connection refused");
    });
    const answer = await bot.fetch(new Request("http://x/healthz"));
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ reason: "the store's health check failed" });
  });
});
