import type { Reply } from "@catops/core";
import { describe, expect, it } from "vitest";
import { parseCustomId } from "./parse.ts";
import { DISCORD_LIMITS, hexColor, LEVEL_COLORS, renderDiscordMessage } from "./render.ts";

const idsOf = (reply: Reply) =>
  (renderDiscordMessage(reply).components ?? []).flatMap((row) =>
    row.components.map((b) => b.custom_id),
  );

describe("renderDiscordMessage", () => {
  it("renders text for the channel, or only for its user with the ephemeral flag", () => {
    expect(renderDiscordMessage({ text: "Meow!" })).toEqual({
      content: "Meow!",
      allowed_mentions: { parse: [] },
    });
    expect(renderDiscordMessage({ text: "just you", visibility: "ephemeral" }).flags).toBe(64);
  });

  it("never lets a reply ping @everyone or a role, and user text pings nobody", () => {
    expect(renderDiscordMessage({ text: "@everyone look" }).allowed_mentions).toEqual({
      parse: [],
    });
    expect(renderDiscordMessage({ text: "<@1> look", raw: true }).allowed_mentions).toEqual({
      parse: ["users"],
    });
  });

  it("marks errors once, with an emoji Discord shows", () => {
    expect(renderDiscordMessage({ text: "`boom` failed: no", error: true }).content).toBe(
      "⚠️ `boom` failed: no",
    );
    expect(renderDiscordMessage({ text: "⚠️ already", error: true }).content).toBe("⚠️ already");
  });

  it("cuts content to 2,000 characters and closes an open code block", () => {
    const content = renderDiscordMessage({ text: `\`\`\`\n${"x".repeat(5000)}` }).content;
    expect(content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(content.endsWith("```\n… (truncated)")).toBe(true);
  });

  it("shows Slack links the bot wrote (raw) as Markdown links, and leaves typed ones as text", () => {
    expect(
      renderDiscordMessage({ text: "see <https://status.example.com|status>", raw: true }).content,
    ).toBe("see [status](https://status.example.com)");
    expect(renderDiscordMessage({ text: "see <https://evil.example|docs>" }).content).toBe(
      "see <https://evil.example|docs>",
    );
  });

  it("renders attachments as embeds with integer colours from the level or the CSS colour", () => {
    const message = renderDiscordMessage({
      text: "Alarm",
      attachments: [
        {
          title: "CPU high",
          titleLink: "https://console.example.com/alarm",
          text: "api-1 at 97%",
          level: "critical",
          fields: [{ title: "Region", value: "eu-west-1", short: true }],
          footer: "CloudWatch",
        },
        { text: "custom", color: "#00FF00" },
      ],
    });
    expect(message.embeds).toEqual([
      {
        title: "CPU high",
        url: "https://console.example.com/alarm",
        description: "api-1 at 97%",
        color: LEVEL_COLORS.critical,
        fields: [{ name: "Region", value: "eu-west-1", inline: true }],
        footer: { text: "CloudWatch" },
      },
      { description: "custom", color: 0x00ff00 },
    ]);
    expect(hexColor("danger")).toBe(LEVEL_COLORS.error);
    expect(hexColor("red")).toBeUndefined();
  });

  it("keeps to ten embeds and 6,000 characters of embed text", () => {
    const many = renderDiscordMessage({
      attachments: Array.from({ length: 12 }, (_, i) => ({ text: `${i}` })),
    });
    expect(many.embeds).toHaveLength(10);
    const big = renderDiscordMessage({
      attachments: Array.from({ length: 3 }, () => ({ text: "y".repeat(4000) })),
    });
    expect(big.embeds).toHaveLength(1);
  });

  it("renders buttons as action rows whose custom_id carries the action and value", () => {
    const message = renderDiscordMessage({
      text: "Run `careful`?",
      buttons: [
        { text: "Run", action: "catops.confirm", value: "id123", style: "primary" },
        { text: "Cancel", action: "catops.cancel", value: "id123" },
        { text: "Restart", command: "restart api", style: "danger" },
      ],
    });
    expect(message.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: "Run", custom_id: "catops.confirm:id123" },
          { type: 2, style: 2, label: "Cancel", custom_id: "catops.cancel:id123" },
          { type: 2, style: 4, label: "Restart", custom_id: "catops.run:restart api" },
        ],
      },
    ]);
  });

  it("keeps custom_ids unique and readable back to the same action", () => {
    const ids = idsOf({
      buttons: [
        { text: "a", command: "hi" },
        { text: "b", command: "hi" },
      ],
    });
    expect(ids).toEqual(["catops.run:hi", "catops.run#2:hi"]);
    expect(ids.map(parseCustomId)).toEqual([
      { action: "catops.run", value: "hi" },
      { action: "catops.run", value: "hi" },
    ]);
  });

  it("puts five buttons in a row, at most five rows", () => {
    const message = renderDiscordMessage({
      buttons: Array.from({ length: 30 }, (_, i) => ({ text: `b${i}`, command: `c${i}` })),
    });
    expect(message.components?.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it("shows a command too long for a custom_id as text to type", () => {
    const command = `deploy ${"x".repeat(120)}`;
    const message = renderDiscordMessage(
      { text: "Next", buttons: [{ text: "Deploy", command }] },
      { trigger: "/ops" },
    );
    expect(message.components).toBeUndefined();
    expect(message.content).toBe(`Next\nTo run: \`/ops ${command}\``);
  });

  it("renders Block Kit as its text, since Discord has no blocks", () => {
    const message = renderDiscordMessage({
      text: "fallback",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Deploys" } },
        {
          type: "section",
          text: { type: "mrkdwn", text: "api: *green*" },
          fields: [{ type: "mrkdwn", text: "web: red" }],
        },
        { type: "divider" },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: "by ann" },
            { type: "mrkdwn", text: "today" },
          ],
        },
      ],
    });
    expect(message.content).toBe("**Deploys**\napi: *green*\nweb: red\nby ann today");
  });

  it("clears old embeds and buttons in an edit, and never sets flags there", () => {
    expect(renderDiscordMessage({ text: "done", visibility: "ephemeral" }, { edit: true })).toEqual(
      {
        content: "done",
        allowed_mentions: { parse: [] },
        embeds: [],
        components: [],
      },
    );
  });
});
