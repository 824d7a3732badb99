import { describe, expect, it } from "vitest";
import type { Connector, ConnectorKit } from "./connector.js";
import { PlainRequest, PlainResponse } from "./http/plain.js";
import { lazyConnector } from "./lazy-connector.js";
import type { CommandEvent } from "./types.js";

const kit = {} as ConnectorKit;
const request = new PlainRequest("https://bot.example/chat", { method: "POST", body: "x" });
const event: CommandEvent = { command: ["hi"], source: "chat" };

function loaded(calls: string[]): Connector {
  return {
    name: "chat",
    paths: ["/chat"],
    handle: async () => {
      calls.push("handle");
      return new PlainResponse("handled", { status: 200 });
    },
    deliver: async () => {
      calls.push("deliver");
      return { messageId: "m1" };
    },
  };
}

describe("lazyConnector", () => {
  it("loads nothing until the first request, then loads once for every call", async () => {
    const calls: string[] = [];
    let loads = 0;
    const connector = lazyConnector({ name: "chat", paths: ["/chat"], forms: true }, async () => {
      loads++;
      return loaded(calls);
    });
    expect(loads).toBe(0);
    expect(connector).toMatchObject({ name: "chat", paths: ["/chat"], forms: true });
    expect(connector.receive).toBeUndefined();

    const [first, second] = await Promise.all([
      connector.handle(request, kit),
      connector.handle(request, kit),
    ]);
    expect(await (first as PlainResponse).text()).toBe("handled");
    expect(second).toBeInstanceOf(PlainResponse);
    expect(await connector.deliver(event, { text: "late" }, kit)).toEqual({ messageId: "m1" });
    expect(loads).toBe(1);
    expect(calls).toEqual(["handle", "handle", "deliver"]);
  });
});
