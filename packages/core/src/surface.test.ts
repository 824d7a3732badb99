// The bot's adapter-facing surface: narrow ports, nothing of the engine's insides.
import { describe, expect, it } from "vitest";
import { createCatOps } from "./bot.js";
import type { Connector } from "./connector.js";
import { json } from "./http/http.js";
import { silentLogger } from "./logger.js";
import { connectorOf, jobsOf, kitFor } from "./testing.js";

const echo: Connector = {
  name: "echo",
  paths: ["/echo"],
  handle: async () => json({}),
  deliver: async () => ({}),
  async receive(kind, payload, kit) {
    return { kind, reply: await kit.execute({ command: [], text: String(payload) }) };
  },
};

describe("the bot's surface", () => {
  it("offers no kit, job table or connector object to adapters", () => {
    const bot = createCatOps({ logger: silentLogger, connectors: [echo] });
    for (const inside of ["kitFor", "jobs", "connector"]) expect(bot).not.toHaveProperty(inside);
    expect([...bot.connectorPaths]).toEqual([["echo", ["/echo"]]]);
  });

  it("hands a non-HTTP message to the named connector, through the engine", async () => {
    const bot = createCatOps({
      logger: silentLogger,
      connectors: [echo],
      plugins: [{ file: "hi.ts", exports: { hi: () => "Meow!" } }],
    });
    expect(await bot.receive("echo", "socket", "hi")).toEqual({
      answer: { kind: "socket", reply: expect.objectContaining({ text: "Meow!" }) },
    });
    expect(await bot.receive("nobody", "socket", "hi")).toBeUndefined();
  });

  it("lets a test reach the jobs, a connector and its kit through @catops/core/testing", async () => {
    const bot = createCatOps({ logger: silentLogger, connectors: [echo] });
    await jobsOf(bot).create({ id: "j1", command: "deploy", connector: "echo" });
    expect((await jobsOf(bot).get("j1"))?.state).toBe("queued");
    expect(kitFor(bot, connectorOf(bot, "echo")).dialect).toBeDefined();
    expect(() => connectorOf(bot, "nobody")).toThrow('no connector named "nobody"');
    expect(() => jobsOf({} as never)).toThrow("not a bot made by createCatOps");
  });
});
