import { describe, expect, it } from "vitest";
import { toReply } from "./reply.js";

describe("toReply: returned message payloads", () => {
  it("reads response_type, statusCode and snake_case attachments as a payload, raw in mrkdwn", () => {
    expect(toReply({ statusCode: "200", text: "@x Meow!", response_type: "in_channel" })).toEqual({
      raw: true,
      markup: "mrkdwn",
      visibility: "in_channel",
      text: "@x Meow!",
    });
    expect(
      toReply({ text: "hi", attachments: [{ image_url: "https://x/c.jpg", ts: 12 }] }),
    ).toEqual({
      raw: true,
      markup: "mrkdwn",
      visibility: "ephemeral",
      text: "hi",
      attachments: [{ imageUrl: "https://x/c.jpg", ts: 12 }],
    });
  });

  it("keeps a CatOps reply a reply, and any other object JSON", () => {
    expect(toReply({ text: "hi", attachments: [{ title: "t" }] })).toEqual({
      text: "hi",
      attachments: [{ title: "t" }],
    });
    expect(toReply({ response_type: "in_channel" })?.text).toContain('"response_type"');
    expect(toReply({ text: "hi", response_type: "in_channel", extra: 1 })?.text).toMatch(/^```/);
  });

  it("says at debug which rule applied and what was left out", () => {
    const lines: [string, unknown][] = [];
    const log = {
      debug: (message: string, fields?: unknown) => void lines.push([message, fields]),
    };
    toReply(
      {
        text: "x",
        thread_ts: "1.2",
        attachments: [{ title: "t", callback_id: "c", text: null }],
      },
      log,
    );
    expect(lines).toEqual([
      ["result read as a message payload", { keys: ["text", "thread_ts", "attachments"] }],
      ["message payload: attachment fields left out", { fields: ["callback_id"] }],
      ["message payload: fields the reply does not use were ignored", { ignored: ["thread_ts"] }],
    ]);
  });
});
