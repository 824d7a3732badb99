import { HttpError } from "@catops/core";
import { describe, expect, it } from "vitest";
import { fixtureJson, fixtureText } from "../test/fixtures.ts";
import { eventCommand } from "./events.ts";
import { interactionAction } from "./interactions.ts";
import { parseSlackRequest, slackTextToCommandLine, slashCommandEvent } from "./parse.ts";
import type { SlackEventEnvelope, SlackInteraction } from "./wire.ts";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

function commandParams(body: string): URLSearchParams {
  const parsed = parseSlackRequest(body, FORM);
  if (parsed.kind !== "command") throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed.params;
}

function envelopeOf(body: string): SlackEventEnvelope {
  const parsed = parseSlackRequest(body, `${JSON_TYPE}; charset=utf-8`);
  if (parsed.kind !== "event_callback") throw new Error(`expected an event, got ${parsed.kind}`);
  return parsed.envelope;
}

function httpError(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("expected an HttpError");
}

describe("slash commands", () => {
  it("reads the documented payload into a command event", () => {
    const event = slashCommandEvent(commandParams(fixtureText("slash-command-docs-example.txt")));
    expect(event).toMatchObject({
      command: [],
      text: "94070",
      user: { id: "U2147483697", name: "Steve" },
      channel: { id: "C2147483705", name: "test" },
      team: { id: "T0001", domain: "example" },
      responseUrl: "https://hooks.slack.com/commands/1234/5678",
      source: "slack",
    });
    expect((event.raw as Record<string, string>).enterprise_name).toBe("Globular Construct Inc");
  });

  it("reads percent-encoded real payloads, empty text included", () => {
    const empty = slashCommandEvent(
      commandParams(fixtureText("slash-command-java-slack-sdk-modified-real.txt")),
    );
    expect(empty.text).toBe("");
    expect(empty.responseUrl).toBe("https://hooks.slack.com/commands/T111/111/xxx");
    const org = slashCommandEvent(
      commandParams(fixtureText("slash-command-java-slack-sdk-org-level-app.txt")),
    );
    expect(org).toMatchObject({ text: "test", channel: { id: "C111", name: "dev" } });
    expect((org.raw as Record<string, string>).enterprise_name).toBe("Sandbox Org");
  });

  it("reads a repeated field's first value, and refuses a form missing a required field", () => {
    const event = slashCommandEvent(
      commandParams(
        "command=%2Fcatops&text=hi&text=rm+-rf&user_id=U1&user_id=U2&user_name=&channel_id=C1&team_id=",
      ),
    );
    expect(event).toMatchObject({ text: "hi", user: { id: "U1" }, channel: { id: "C1" } });
    expect(event.user).toEqual({ id: "U1" });
    expect(event.team).toBeUndefined();
    expect(event.responseUrl).toBeUndefined();
    for (const [body, missing] of [
      ["text=hi&user_id=U1&channel_id=C1&command=", "command field"],
      ["command=%2Fcatops&user_id=&channel_id=C1", "user_id"],
      ["command=%2Fcatops&user_id=U1", "channel_id"],
    ] as const) {
      const error = httpError(() => slashCommandEvent(new URLSearchParams(body)));
      expect(error.status).toBe(400);
      expect(error.message).toContain(missing);
    }
  });

  it("reads the signing example's body, which is a slash command too", () => {
    const event = slashCommandEvent(commandParams(fixtureText("signing-docs-example.body.txt")));
    expect(event.user).toEqual({ id: "U2CERLKJA", name: "roadrunner" });
    expect(event.responseUrl).toBe(
      "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN",
    );
  });

  it("keeps quotes and unwraps Slack's link and entity escapes in the text", () => {
    const params = commandParams(
      "command=%2Fcatops&user_id=U1&channel_id=C1&text=check+%3Chttps%3A%2F%2Fexample.com%7Cexample.com%3E+%22a+b%22+%26gt%3B",
    );
    expect(slashCommandEvent(params).text).toBe('check https://example.com "a b" >');
  });

  it.each([
    ["user_id", "command=%2Fcatops&channel_id=C1&text=hi"],
    ["channel_id", "command=%2Fcatops&user_id=U1&text=hi"],
  ])("refuses a slash command without %s", (field, body) => {
    const error = httpError(() => slashCommandEvent(commandParams(body)));
    expect(error.status).toBe(400);
    expect(error.message).toContain(field);
  });

  it("keeps each event's form fields its own, made on first read and replaceable", () => {
    const first = slashCommandEvent(
      commandParams("command=%2Fcatops&text=hi&user_id=U1&channel_id=C1&x=1"),
    );
    const second = slashCommandEvent(
      commandParams("command=%2Fcatops&text=hi&user_id=U2&channel_id=C2&x=2"),
    );
    expect(first.raw).toMatchObject({ user_id: "U1", x: "1" });
    expect(second.raw).toMatchObject({ user_id: "U2", x: "2" });
    expect(first.raw).toBe(first.raw);
    first.raw = { replaced: true };
    expect(first.raw).toEqual({ replaced: true });
    expect(second.raw).toMatchObject({ x: "2" });
    // A copy of the event carries the fields as a plain value.
    expect({ ...second }.raw).toMatchObject({ channel_id: "C2" });
  });

  it("answers Slack's ssl_check", () => {
    expect(parseSlackRequest("ssl_check=1&token=abc", FORM)).toEqual({ kind: "ssl_check" });
  });
});

describe("Events API", () => {
  it("reads url_verification", () => {
    const body = fixtureText("events-url-verification.json");
    expect(parseSlackRequest(body, JSON_TYPE)).toEqual({
      kind: "url_verification",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("turns a mention that starts with the bot into a command in the thread", () => {
    const decision = eventCommand(envelopeOf(fixtureText("events-app-mention-usage-info.json")));
    expect(decision).toMatchObject({
      event: {
        command: [],
        text: "<@U0LAN0Z89> is it everything a river should be?",
        user: { id: "U061F7AUR" },
        channel: { id: "C123ABC456" },
        team: { id: "T123ABC456" },
        threadId: "1515449522.000016",
        source: "slack",
      },
    });
  });

  it("reads the slack-go vector's mention", () => {
    const decision = eventCommand(
      envelopeOf(fixtureText("signing-slack-go-vector.valid-body.json")),
    );
    expect(decision).toMatchObject({
      event: { text: "<@EEEEEEEEE> hello world", channel: { id: "TTTTTTTTT" } },
    });
  });

  it.each(["events-app-mention-in-channel.json", "events-app-mention-invite.json"])(
    "leaves a passing mention alone (%s)",
    (file) => {
      expect(eventCommand(envelopeOf(fixtureText(file)))).toEqual({
        ignore: "mention not at the start",
      });
    },
  );

  it("answers in the existing thread when the mention is in one", () => {
    const envelope = fixtureJson("events-app-mention-usage-info.json");
    envelope.event.thread_ts = "1515449000.000001";
    const decision = eventCommand(envelope);
    expect(decision).toMatchObject({ event: { threadId: "1515449000.000001" } });
  });

  function directMessage(patch: Record<string, unknown>): SlackEventEnvelope {
    const envelope = fixtureJson("events-app-mention-usage-info.json");
    envelope.event = {
      ...envelope.event,
      type: "message",
      channel_type: "im",
      text: "hi",
      ...patch,
    };
    return envelope;
  }

  it("turns a direct message into a command", () => {
    expect(eventCommand(directMessage({}))).toMatchObject({
      event: { text: "hi", user: { id: "U061F7AUR" } },
    });
  });

  it.each([
    ["a bot's message", { bot_id: "B0B00B00" }, "message from a bot"],
    ["a bot_message", { subtype: "bot_message" }, "message subtype bot_message"],
    ["an edit", { subtype: "message_changed" }, "message subtype message_changed"],
    ["a channel message", { channel_type: "channel" }, "event type message"],
    ["a message without a user", { user: undefined }, "message without a user"],
  ])("ignores %s", (_what, patch, reason) => {
    expect(eventCommand(directMessage(patch))).toEqual({ ignore: reason });
  });

  it("ignores other event types and acknowledges other envelope types", () => {
    const envelope = directMessage({ type: "reaction_added" });
    expect(eventCommand(envelope)).toEqual({ ignore: "event type reaction_added" });
    expect(
      parseSlackRequest('{"type":"app_rate_limited","minute_rate_limited":1}', JSON_TYPE),
    ).toEqual({ kind: "other_event", type: "app_rate_limited" });
  });
});

describe("interactivity", () => {
  const messagePayload = () =>
    fixtureJson<SlackInteraction>("interactivity-block-actions-message.payload.json");

  it("reads the payload= form", () => {
    const parsed = parseSlackRequest(
      fixtureText("interactivity-block-actions-message.form.DERIVED.txt"),
      FORM,
    );
    expect(parsed).toEqual({ kind: "interaction", payload: messagePayload() });
  });

  it("acknowledges a button CatOps did not send without acting", () => {
    expect(interactionAction(messagePayload())).toEqual({ ignore: "unknown action WaXA" });
  });

  it("turns a press of a CatOps button into an action by the presser", () => {
    const payload = messagePayload();
    payload.actions![0] = { ...payload.actions![0], action_id: "catops.run", value: "hi" };
    expect(interactionAction(payload)).toMatchObject({
      action: { action: "catops.run", value: "hi" },
      event: {
        command: [],
        user: { id: "UA8RXUSPL", name: "jtorrance" },
        channel: { id: "CBR2V3XEX", name: "review-updates" },
        team: { id: "T9TK3CUKW", domain: "example" },
        responseUrl: "https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209",
        source: "slack",
      },
    });
  });

  it("reads a de-duplicated action id back to the CatOps action", () => {
    const payload = messagePayload();
    payload.actions![0] = { action_id: "catops.run#2", value: "deploy api" };
    expect(interactionAction(payload)).toMatchObject({
      action: { action: "catops.run", value: "deploy api" },
    });
  });

  it("reads a Home tab press, which has no channel or response_url: it answers in the user's DM", () => {
    const payload = fixtureJson<SlackInteraction>(
      "interactivity-block-actions-home-tab.payload.json",
    );
    payload.actions![0] = { ...payload.actions![0], action_id: "catops.confirm", value: "abc" };
    const decision = interactionAction(payload);
    expect(decision).toMatchObject({ action: { action: "catops.confirm", value: "abc" } });
    if ("ignore" in decision) throw new Error("expected an action");
    expect(decision.event.channel).toEqual({ id: payload.user!.id });
    expect(decision.event.responseUrl).toBeUndefined();
  });

  it("acknowledges other payload types", () => {
    expect(interactionAction({ type: "view_submission" })).toEqual({
      ignore: "interaction type view_submission",
    });
    expect(interactionAction({ type: "shortcut", callback_id: "x" })).toEqual({
      ignore: "interaction type shortcut",
    });
  });
});

describe("malformed bodies", () => {
  it.each([
    ["broken JSON", '{"type":', JSON_TYPE, 400, "not valid JSON"],
    ["a JSON array", "[1,2]", JSON_TYPE, 400, "must be a JSON object"],
    ["JSON without a type", '{"event":{}}', JSON_TYPE, 400, "has no type"],
    ["an event_callback without event", '{"type":"event_callback"}', JSON_TYPE, 400, "no event"],
    [
      "a url_verification without challenge",
      '{"type":"url_verification"}',
      JSON_TYPE,
      400,
      "no challenge",
    ],
    ["payload= that is not JSON", "payload=%7Bnot-json", FORM, 400, "payload is not valid JSON"],
    ["payload= without a type", "payload=%7B%7D", FORM, 400, "payload has no type"],
    ["a form that is no Slack request", "hello=world", FORM, 400, "neither"],
    ["another content type", "hi", "text/plain", 415, "unsupported content type"],
  ])("refuses %s", (_what, body, type, status, reason) => {
    const error = httpError(() => parseSlackRequest(body, type));
    expect(error.status).toBe(status);
    expect(error.message).toContain(reason);
  });

  it("tells JSON from a form when the content type is missing", () => {
    expect(parseSlackRequest(fixtureText("events-url-verification.json"), null).kind).toBe(
      "url_verification",
    );
    expect(parseSlackRequest(fixtureText("slash-command-docs-example.txt"), null).kind).toBe(
      "command",
    );
  });
});

describe("slackTextToCommandLine", () => {
  it("unwraps links and unescapes entities but keeps mentions", () => {
    expect(
      slackTextToCommandLine(
        "<@U0LAN0Z89> check <https://a.example/x?y=1&amp;z=2> &lt;b&gt; <#C1|ops>",
      ),
    ).toBe("<@U0LAN0Z89> check https://a.example/x?y=1&z=2 <b> <#C1|ops>");
    expect(slackTextToCommandLine("mail <mailto:ops@example.com|ops@example.com>")).toBe(
      "mail mailto:ops@example.com",
    );
  });
});
