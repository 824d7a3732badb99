import { describe, expect, it } from "vitest";
import { createCatOps } from "./bot.js";
import type { Connector } from "./connector.js";
import { directChannel, directChannels, directUserOf } from "./direct-messages.js";
import { json } from "./http/http.js";
import { silentLogger } from "./logger.js";
import { connectorOf, kitFor } from "./testing.js";

const echo: Connector = {
  name: "echo",
  paths: ["/echo"],
  handle: async () => json({}),
  deliver: async () => ({}),
};

function kit() {
  const bot = createCatOps({ logger: silentLogger, connectors: [echo] });
  return kitFor(bot, connectorOf(bot, "echo"));
}

describe("direct channels", () => {
  it("names a user's direct message by a reference only directUserOf reads back", () => {
    expect(directUserOf(directChannel("U1"))).toBe("U1");
    expect(directUserOf("C123")).toBeUndefined();
    expect(directUserOf(undefined)).toBeUndefined();
    expect(directUserOf(directChannel(""))).toBeUndefined();
  });

  it("opens a user's conversation once and remembers it; other channels pass as they are", async () => {
    const opened: string[] = [];
    const channels = directChannels(async (userId) => {
      opened.push(userId);
      return { channelId: `dm-${userId}` };
    });
    const event = { command: [], source: "alert", channel: { id: directChannel("U1") } };
    expect(await channels.resolve(event, kit())).toEqual({
      event: { ...event, channel: { id: "dm-U1" } },
    });
    await channels.resolve(event, kit());
    expect(opened).toEqual(["U1"]);
    const elsewhere = { command: [], channel: { id: "C1" } };
    expect(await channels.resolve(elsewhere, kit())).toEqual({ event: elsewhere });
    expect(opened).toEqual(["U1"]);
  });

  it("says why a conversation could not be opened, and tries again next time", async () => {
    let calls = 0;
    const channels = directChannels(async () =>
      ++calls === 1 ? { error: "HTTP 403" } : { channelId: "d" },
    );
    const event = { command: [], channel: { id: directChannel("U1") } };
    expect(await channels.resolve(event, kit())).toEqual({ error: "direct message: HTTP 403" });
    expect(await channels.resolve(event, kit())).toMatchObject({ event: { channel: { id: "d" } } });
  });

  it("forgets the oldest conversation past its limit", async () => {
    const opened: string[] = [];
    const channels = directChannels(async (userId) => {
      opened.push(userId);
      return { channelId: userId };
    }, 2);
    for (const user of ["A", "B", "C", "A"])
      await channels.resolve({ command: [], channel: { id: directChannel(user) } }, kit());
    expect(opened).toEqual(["A", "B", "C", "A"]);
  });
});
