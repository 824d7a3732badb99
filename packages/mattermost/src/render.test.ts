import { describe, expect, it } from "vitest";
import {
  LEVEL_COLORS,
  MATTERMOST_LIMITS,
  NO_BUTTONS_HINT,
  renderActionResponse,
  renderMattermostMessage,
} from "./render.ts";
import type { ActionContext } from "./wire.ts";

const context = (action: string, value?: string): ActionContext => ({
  action,
  ...(value ? { value } : {}),
  signature: "0".repeat(64),
});

describe("renderMattermostMessage", () => {
  it("renders text for the channel unless the reply says otherwise", () => {
    expect(renderMattermostMessage({ text: "Meow!" })).toEqual({
      response_type: "in_channel",
      text: "Meow!",
    });
    expect(renderMattermostMessage({ text: "you", visibility: "ephemeral" }).response_type).toBe(
      "ephemeral",
    );
  });

  it("marks errors once", () => {
    expect(renderMattermostMessage({ text: "`boom` failed", error: true }).text).toBe(
      ":warning: `boom` failed",
    );
    expect(renderMattermostMessage({ text: ":warning: x", error: true }).text).toBe(":warning: x");
  });

  it("renders attachments the Slack way Mattermost reads, in the level's colour", () => {
    const message = renderMattermostMessage({
      attachments: [
        {
          title: "CPU high",
          titleLink: "https://console.example.com",
          text: "api-1 at 97%",
          level: "warning",
          fields: [{ title: "Region", value: "eu-west-1", short: true }],
          footer: "CloudWatch",
        },
        { text: "plain", color: "#123456" },
      ],
    });
    expect(message.text).toBe("CPU high");
    expect(message.attachments).toEqual([
      {
        fallback: "CPU high",
        color: LEVEL_COLORS.warning,
        title: "CPU high",
        title_link: "https://console.example.com",
        text: "api-1 at 97%",
        fields: [{ title: "Region", value: "eu-west-1", short: true }],
        footer: "CloudWatch",
      },
      { fallback: "plain", color: "#123456", text: "plain" },
    ]);
  });

  it("renders buttons as attachment actions calling back with their signed context", () => {
    const contexts = [context("catops.confirm", "id1"), context("catops.cancel", "id1")];
    const message = renderMattermostMessage(
      {
        text: "Run `careful`?",
        visibility: "ephemeral",
        buttons: [
          { text: "Run", action: "catops.confirm", value: "id1", style: "primary" },
          { text: "Cancel", action: "catops.cancel", value: "id1" },
        ],
      },
      { actionUrl: "https://bot.example.com/mattermost/actions", contexts },
    );
    expect(message).toEqual({
      response_type: "ephemeral",
      text: "Run `careful`?",
      attachments: [
        {
          actions: [
            {
              id: "catops0",
              type: "button",
              name: "Run",
              style: "primary",
              integration: {
                url: "https://bot.example.com/mattermost/actions",
                context: contexts[0],
              },
            },
            {
              id: "catops1",
              type: "button",
              name: "Cancel",
              style: "default",
              integration: {
                url: "https://bot.example.com/mattermost/actions",
                context: contexts[1],
              },
            },
          ],
        },
      ],
    });
    // Mattermost puts action ids in a URL path: letters and digits only.
    for (const action of message.attachments![0]!.actions!)
      expect(action.id).toMatch(/^[A-Za-z0-9]+$/);
  });

  it("without a URL for presses, says what to type instead of showing buttons", () => {
    const message = renderMattermostMessage(
      {
        text: "`deploy` failed: timeout",
        error: true,
        buttons: [
          { text: "Logs", command: "logs api" },
          { text: "Retry", command: "deploy api" },
        ],
      },
      { trigger: "/ops" },
    );
    expect(message.attachments).toBeUndefined();
    expect(message.text).toBe(
      ":warning: `deploy` failed: timeout\nTo run: `/ops logs api`, `/ops deploy api`",
    );
    const question = renderMattermostMessage({
      text: "Run `careful`?",
      buttons: [{ text: "Run", action: "catops.confirm", value: "id1" }],
    });
    expect(question.text).toBe(`Run \`careful\`?\n${NO_BUTTONS_HINT}`);
  });

  it("renders Block Kit as its text", () => {
    const message = renderMattermostMessage({
      text: "fallback",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "from blocks" } }],
    });
    expect(message.text).toBe("from blocks");
  });

  it("cuts text to Mattermost's post size", () => {
    const text = renderMattermostMessage({ text: "x".repeat(20_000) }).text;
    expect(text.length).toBeLessThanOrEqual(MATTERMOST_LIMITS.text);
    expect(text.endsWith("… (truncated)")).toBe(true);
  });
});

describe("renderActionResponse", () => {
  it("updates the pressed post when the reply replaces it, dropping its buttons", () => {
    expect(renderActionResponse({ text: "careful done", replaceOriginal: true })).toEqual({
      update: { message: "careful done", props: {} },
    });
  });

  it("keeps attachments in an update", () => {
    const response = renderActionResponse({
      text: "x",
      replaceOriginal: true,
      attachments: [{ text: "a" }],
    });
    expect(response.update?.props.attachments).toEqual([{ fallback: "a", text: "a" }]);
  });

  it("answers anything else to the presser alone, attachments as text", () => {
    expect(
      renderActionResponse({
        text: "Only <@U1> can answer this confirmation.",
        error: true,
        attachments: [
          { title: "Why", text: "policy", fields: [{ title: "Rule", value: "owner" }] },
        ],
      }),
    ).toEqual({
      ephemeral_text:
        ":warning: Only <@U1> can answer this confirmation.\n**Why**\npolicy\nRule: owner",
    });
    expect(renderActionResponse(undefined)).toEqual({});
  });
});
