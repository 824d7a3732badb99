// Plugins are tested without a server: createTestBot dispatches a line as if it were typed in chat.
import { createTestBot } from "@catops/core/testing";
import { describe, expect, it } from "vitest";
import * as example from "../plugins/example.ts";

const bot = createTestBot({ "example.ts": example });

describe("the example plugin", () => {
  it("answers hi, with or without the bot's name", async () => {
    expect(await bot.text("hi")).toBe("Meow!");
    expect(await bot.text("catops hi")).toBe("Meow!");
  });

  it("greets by name, and shouts when asked", async () => {
    expect(await bot.text("greet")).toBe("Hello, world!");
    expect(await bot.text("greet Ada --shout")).toBe("HELLO, ADA!");
  });

  it("lists its commands in help", async () => {
    const help = await bot.text("help");
    expect(help).toContain("greet");
    expect(help).toContain("Greet someone by name");
  });
});
