import { describe, expect, it } from "vitest";
import { escapeTeamsText } from "./dialect.ts";
import { renderTeamsMessage } from "./render.ts";

describe("renderTeamsMessage", () => {
  it("writes a plain reply as Markdown text, user text inert", () => {
    expect(renderTeamsMessage({ text: "<at>all</at> & [x](https://e.example)" })).toEqual({
      type: "message",
      text: escapeTeamsText("<at>all</at> & [x](https://e.example)"),
      textFormat: "markdown",
    });
    expect(escapeTeamsText("<b>")).toBe("&lt;b&gt;");
  });

  it("marks errors, and keeps a raw reply's markup", () => {
    expect(renderTeamsMessage({ text: "no", error: true }).text).toBe("⚠️ no");
    expect(renderTeamsMessage({ text: "<at>Megan</at>", raw: true }).text).toBe("<at>Megan</at>");
  });

  it("writes attachments as containers with facts, in the level's style, and buttons as submits", () => {
    const message = renderTeamsMessage({
      text: "Monitor down",
      attachments: [
        {
          title: "api",
          titleLink: "https://status.example",
          level: "error",
          fields: [{ title: "for", value: "5m" }],
        },
      ],
      buttons: [{ text: "Restart", command: "restart api", style: "danger" }],
    });
    const card = message.attachments![0]!.content as any;
    expect(card.body[1]).toMatchObject({
      type: "Container",
      style: "attention",
      items: [
        { type: "TextBlock", text: "[api](https://status.example)" },
        { type: "FactSet", facts: [{ title: "for", value: "5m" }] },
      ],
    });
    expect(card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Restart",
        data: { catopsAction: "catops.run", catopsValue: "restart api" },
        style: "destructive",
      },
    ]);
  });
});
