import type { Button, Reply } from "@catops/core";
import type { ActionsBlock, Button as SlackButton, SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { fixtureJson } from "../test/fixtures.ts";
import { interactionAction } from "./interactions.ts";
import { LEVEL_COLORS, renderSlackMessage, SLACK_LIMITS, toPostMessage } from "./render.ts";
import type { SlackInteraction } from "./wire.ts";

const buttonsOf = (reply: Reply) =>
  (renderSlackMessage(reply).blocks ?? [])
    .filter((block): block is ActionsBlock => block.type === "actions")
    .flatMap((block) => block.elements as SlackButton[]);

describe("renderSlackMessage", () => {
  it("renders text visible to the channel unless the reply says otherwise", () => {
    expect(renderSlackMessage({ text: "Meow!" })).toEqual({
      text: "Meow!",
      response_type: "in_channel",
    });
    expect(renderSlackMessage({ text: "just you", visibility: "ephemeral" })).toEqual({
      text: "just you",
      response_type: "ephemeral",
    });
  });

  it("marks an error clearly, once", () => {
    expect(renderSlackMessage({ text: "`boom` failed: no", error: true }).text).toBe(
      ":warning: `boom` failed: no",
    );
    expect(renderSlackMessage({ text: ":warning: already", error: true }).text).toBe(
      ":warning: already",
    );
  });

  it("renders buttons as an actions block under the text", () => {
    const message = renderSlackMessage({
      text: "Run `deploy api`?",
      buttons: [
        { text: "Run", action: "catops.confirm", value: "id123", style: "primary" },
        { text: "Cancel", action: "catops.cancel", value: "id123" },
        { text: "Restart", command: "restart api", style: "danger" },
      ],
    });
    expect(message.text).toBe("Run `deploy api`?");
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "Run `deploy api`?" } },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: "Run" },
            action_id: "catops.confirm",
            value: "id123",
            style: "primary",
          },
          {
            type: "button",
            text: { type: "plain_text", text: "Cancel" },
            action_id: "catops.cancel",
            value: "id123",
          },
          {
            type: "button",
            text: { type: "plain_text", text: "Restart" },
            action_id: "catops.run",
            value: "restart api",
            style: "danger",
          },
        ],
      },
    ]);
  });

  it("keeps action ids unique in a block, and a press reads back to the right command", () => {
    const elements = buttonsOf({
      text: "Next?",
      buttons: [
        { text: "Status", command: "status api" },
        { text: "Logs", command: "logs api" },
      ],
    });
    expect(elements.map((e) => e.action_id)).toEqual(["catops.run", "catops.run#2"]);
    const payload = fixtureJson<SlackInteraction>(
      "interactivity-block-actions-message.payload.json",
    );
    payload.actions = [
      { type: "button", action_id: elements[1]!.action_id, value: elements[1]!.value },
    ];
    expect(interactionAction(payload)).toMatchObject({
      action: { action: "catops.run", value: "logs api" },
    });
  });

  it("splits more than 25 buttons over several actions blocks", () => {
    const buttons: Button[] = Array.from({ length: 30 }, (_, i) => ({
      text: `b${i}`,
      command: `run ${i}`,
    }));
    const blocks = renderSlackMessage({ text: "many", buttons }).blocks!;
    const actions = blocks.filter((b) => b.type === "actions") as ActionsBlock[];
    expect(actions.map((b) => b.elements.length)).toEqual([25, 5]);
    expect(new Set(actions[0]!.elements.map((e) => (e as SlackButton).action_id)).size).toBe(25);
  });

  it("clips long button labels and drops a button whose command Slack cannot carry", () => {
    const elements = buttonsOf({
      text: "x",
      buttons: [
        { text: "L".repeat(100), command: "ok" },
        { text: "too long", command: "c".repeat(SLACK_LIMITS.buttonValue + 1) },
      ],
    });
    expect(elements).toHaveLength(1);
    expect(elements[0]!.text.text).toHaveLength(SLACK_LIMITS.buttonText);
    const warnings: unknown[] = [];
    renderSlackMessage(
      { text: "x", buttons: [{ text: "too long", command: "c".repeat(2001) }] },
      { logger: { warn: (message, fields) => warnings.push({ message, fields }) } },
    );
    expect(warnings).toEqual([
      {
        message: "button left out: its command is longer than Slack's limit for a button value",
        fields: { button: "too long", length: 2001, limit: 2000 },
      },
    ]);
    expect(elements[0]!.text.text.endsWith("…")).toBe(true);
  });

  it("passes Block Kit blocks through, text as the fallback, buttons after", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "Status" } },
      { type: "divider" },
    ];
    const message = renderSlackMessage({
      text: "Status",
      blocks,
      buttons: [{ text: "Refresh", command: "status" }],
    });
    expect(message.text).toBe("Status");
    expect(message.blocks!.slice(0, 2)).toEqual(blocks);
    expect(message.blocks![2]).toMatchObject({ type: "actions" });
    expect(message.blocks).toHaveLength(3);
  });

  it("renders attachments in each level's colour", () => {
    const levels = Object.keys(LEVEL_COLORS) as (keyof typeof LEVEL_COLORS)[];
    const message = renderSlackMessage({
      attachments: levels.map((level) => ({ level, text: level })),
    });
    expect(message.attachments!.map((a) => a.color)).toEqual(levels.map((l) => LEVEL_COLORS[l]));
    expect(LEVEL_COLORS).toMatchObject({
      error: "#E01E5A",
      warning: "#ECB22E",
      success: "#2EB67D",
    });
  });

  it("renders an attachment's title, link, fields and footer; an explicit colour wins", () => {
    const message = renderSlackMessage({
      attachments: [
        {
          level: "error",
          color: "#123456",
          title: "DOWN: https://api.example",
          titleLink: "https://api.example",
          text: "503 for *5 minutes*",
          fields: [
            { title: "Status", value: "503", short: true },
            { title: "Region", value: "eu-west-1" },
          ],
          footer: "UptimeRobot",
        },
      ],
    });
    expect(message.text).toBe("DOWN: https://api.example");
    expect(message.attachments).toEqual([
      {
        fallback: "DOWN: https://api.example",
        mrkdwn_in: ["pretext", "text", "fields"],
        color: "#123456",
        title: "DOWN: https://api.example",
        title_link: "https://api.example",
        text: "503 for *5 minutes*",
        fields: [
          { title: "Status", value: "503", short: true },
          { title: "Region", value: "eu-west-1", short: false },
        ],
        footer: "UptimeRobot",
      },
    ]);
  });

  it("asks to replace the original message when the reply says so", () => {
    expect(renderSlackMessage({ text: "Cancelled", replaceOriginal: true })).toMatchObject({
      replace_original: true,
    });
    expect(renderSlackMessage({ text: "x" })).not.toHaveProperty("replace_original");
  });

  it("cuts text to Slack's 40,000 characters and closes an open code block", () => {
    const text = "```\n" + "x".repeat(50_000);
    const rendered = renderSlackMessage({ text }).text;
    expect(rendered.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(rendered.endsWith("\n```\n… (truncated)")).toBe(true);
    expect(renderSlackMessage({ text: "y".repeat(SLACK_LIMITS.text) }).text).toHaveLength(
      SLACK_LIMITS.text,
    );
  });

  it("never cuts a surrogate pair in half", () => {
    const text = "🐱".repeat(30_000);
    const rendered = renderSlackMessage({ text }).text;
    expect(rendered.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(rendered.replace("\n… (truncated)", "")).toMatch(/^(🐱)+$/u);
  });

  it("splits long text into sections of at most 3000 characters, at line ends", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i} ${"-".repeat(20)}`);
    const message = renderSlackMessage({
      text: lines.join("\n"),
      buttons: [{ text: "More", command: "more" }],
    });
    const sections = message.blocks!.filter((b) => b.type === "section") as SectionBlock[];
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      expect(section.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(section.text!.text.endsWith("-")).toBe(true);
    }
    expect(sections.map((s) => s.text!.text).join("\n")).toBe(lines.join("\n"));
  });

  it("keeps at most 50 blocks and never drops the buttons", () => {
    const blocks = Array.from({ length: 60 }, () => ({ type: "divider" }));
    const message = renderSlackMessage({
      text: "x",
      blocks,
      buttons: [{ text: "Go", command: "go" }],
    });
    expect(message.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(message.blocks!.at(-1)).toMatchObject({ type: "actions" });
  });
});

describe("toPostMessage", () => {
  it("drops the response-only fields and adds the channel and thread", () => {
    const message = renderSlackMessage({
      text: "Meow!",
      visibility: "ephemeral",
      replaceOriginal: true,
    });
    expect(toPostMessage(message, "C1", "1515449522.000016")).toEqual({
      channel: "C1",
      thread_ts: "1515449522.000016",
      text: "Meow!",
    });
    expect(toPostMessage(message, "C1")).toEqual({ channel: "C1", text: "Meow!" });
  });
});
