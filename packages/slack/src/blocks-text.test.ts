import { describe, expect, it } from "vitest";
import { blocksToText } from "./blocks-text.ts";

describe("blocksToText", () => {
  it("keeps the text of sections, fields, headers, context and Markdown blocks", () => {
    expect(
      blocksToText([
        { type: "header", text: { type: "plain_text", text: "Status" } },
        {
          type: "section",
          text: { type: "mrkdwn", text: "*api* ok" },
          fields: [{ type: "mrkdwn", text: "p99: 80ms" }],
        },
        { type: "divider" },
        { type: "image", image_url: "https://x/y.png", alt_text: "graph" },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: "by ann" },
            { type: "image", image_url: "x" },
            { type: "plain_text", text: "now" },
          ],
        },
        { type: "markdown", text: "**md**" },
      ]),
    ).toBe("**Status**\n*api* ok\np99: 80ms\nby ann now\n**md**");
  });

  it("reads rich text: sections, links, mentions, emoji and lists", () => {
    expect(
      blocksToText([
        {
          type: "rich_text",
          elements: [
            {
              type: "rich_text_section",
              elements: [
                { type: "text", text: "Hello " },
                { type: "user", user_id: "U1" },
                { type: "text", text: " see " },
                { type: "link", url: "https://example.com" },
                { type: "emoji", name: "tada" },
              ],
            },
            {
              type: "rich_text_list",
              elements: [
                { type: "rich_text_section", elements: [{ type: "text", text: "one" }] },
                { type: "rich_text_section", elements: [{ type: "text", text: "two" }] },
              ],
            },
          ],
        },
      ]),
    ).toBe("Hello <@U1> see https://example.com:tada:\none\ntwo");
  });

  it("ignores what is not a block", () => {
    expect(
      blocksToText([null, 3, "x", { type: "section" }, { type: "actions", elements: [] }]),
    ).toBe("");
  });
});
