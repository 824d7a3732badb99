import { describe, expect, it } from "vitest";
import { mrkdwnReply, mrkdwnToMarkdown } from "./mrkdwn.js";

const ZWSP = "\u200b";

describe("mrkdwnToMarkdown", () => {
  it("turns links into Markdown links and keeps bare URLs", () => {
    expect(mrkdwnToMarkdown("see <https://x.example/a|the docs> or <https://y.example>")).toBe(
      "see [the docs](https://x.example/a) or https://y.example",
    );
  });

  it("pings nobody: mentions and bare @names become plain words", () => {
    expect(mrkdwnToMarkdown("<!channel> <@U123|ann> <@U9> @here <#C1|ops> mail a@b.example")).toBe(
      `@${ZWSP}channel @${ZWSP}ann @${ZWSP}U9 @${ZWSP}here #ops mail a@b.example`,
    );
  });

  it("decodes Slack's escapes without making new markup of them", () => {
    expect(mrkdwnToMarkdown("a &lt;b&gt; &amp;lt; &lt;@U1&gt;")).toBe(`a <b> &lt; <${ZWSP}@U1>`);
  });

  it("shows blocks as their translated text", () => {
    const reply = mrkdwnReply({
      text: "fallback",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "<!here> see <https://a.example|a>" } },
      ],
    });
    expect(reply).toEqual({ text: `@${ZWSP}here see [a](https://a.example)` });
  });

  it("translates the text and the attachments' text fields of a reply", () => {
    const reply = mrkdwnReply({
      text: "<https://a.example|a>",
      attachments: [{ pretext: "@ann", fields: [{ title: "@t", value: "<!here>" }] }],
    });
    expect(reply.text).toBe("[a](https://a.example)");
    expect(reply.attachments?.[0]).toEqual({
      pretext: `@${ZWSP}ann`,
      fields: [{ title: `@${ZWSP}t`, value: `@${ZWSP}here` }],
    });
  });
});
