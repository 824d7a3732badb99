import { describe, expect, it } from "vitest";
import { escapeGoogleChatText } from "./dialect.ts";
import { renderGoogleChatMessage } from "./render.ts";

describe("renderGoogleChatMessage", () => {
  it("makes user text inert: no <users/all>, no <url|label>, no Markdown link", () => {
    const { text } = renderGoogleChatMessage({ text: "<users/all> <https://e.example|x> [a](b)" });
    expect(text).toBe(escapeGoogleChatText("<users/all> <https://e.example|x> [a](b)"));
    expect(text).not.toMatch(/<users|<https|\]\(/);
  });

  it("writes attachments as card sections with user text HTML-escaped, and buttons as a list", () => {
    const message = renderGoogleChatMessage({
      text: "Monitor down",
      attachments: [{ title: "api <b>", text: "x & y", fields: [{ title: "for", value: "5m" }] }],
      buttons: [{ text: "Restart", command: "restart api", style: "danger" }],
    });
    const [section, buttons] = (message.cardsV2![0]!.card as { sections: any[] }).sections;
    expect(section).toEqual({
      header: "api &lt;b&gt;",
      widgets: [
        { textParagraph: { text: "x &amp; y" } },
        { decoratedText: { topLabel: "for", text: "5m", wrapText: true } },
      ],
    });
    expect(buttons.widgets[0].buttonList.buttons).toEqual([
      {
        text: "Restart",
        onClick: {
          action: { function: "catops.run", parameters: [{ key: "value", value: "restart api" }] },
        },
        type: "FILLED",
      },
    ]);
  });
});
