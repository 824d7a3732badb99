import { directUserOf } from "@catops/core";
import { describe, expect, it } from "vitest";
import { discordDialect } from "./dialect.ts";
import { renderDiscordMessage } from "./render.ts";

describe("Discord's dialect", () => {
  it("writes and reads mentions as Discord does", () => {
    expect(discordDialect.mention({ id: "53908232506183680" })).toBe("<@53908232506183680>");
    expect(discordDialect.parseMention("<@!53908232506183680>")).toBe("53908232506183680");
    expect(discordDialect.parseMention("@alice")).toBeUndefined();
  });

  it("sends a direct message to a DM channel the connector opens for the user", () => {
    expect(directUserOf(discordDialect.directMessage?.("53908232506183680"))).toBe(
      "53908232506183680",
    );
  });

  it("sends text users typed back inert, and lets it ping nobody", () => {
    const sent = renderDiscordMessage({
      text: "@everyone @here <@53908232506183680> <http://x|y> [docs](http://evil.example)",
    });
    expect(sent.content).not.toMatch(/@(everyone|here)\b/);
    expect(sent.content).not.toMatch(/<@\d/);
    expect(sent.content).not.toContain("](");
    expect(sent.allowed_mentions).toEqual({ parse: [] });
  });

  it("lets the bot's own mentions (raw) through", () => {
    const sent = renderDiscordMessage({ text: "<@53908232506183680> is on call", raw: true });
    expect(sent.content).toBe("<@53908232506183680> is on call");
    expect(sent.allowed_mentions).toEqual({ parse: ["users"] });
  });
});
