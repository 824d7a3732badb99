// Signed payloads whose fields have the wrong types are refused with a 400 naming the field,
// never a crash (500) or a command run for a user id that is not a string.
import { HttpError } from "@catops/core";
import { describe, expect, it } from "vitest";
import { eventCommand } from "./events.js";
import { interactionAction } from "./interactions.js";
import type { SlackEventEnvelope, SlackInteraction } from "./wire.js";

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return `${(error as HttpError).status} ${(error as HttpError).message}`;
  }
  throw new Error("not refused");
};

const mention = (event: Record<string, unknown>) =>
  ({
    type: "event_callback",
    event_id: "Ev1",
    event: {
      type: "app_mention",
      user: "U1",
      channel: "C1",
      text: "<@U0> hi",
      ts: "1.2",
      ...event,
    },
  }) as unknown as SlackEventEnvelope;

const press = (payload: Record<string, unknown>) =>
  ({
    type: "block_actions",
    user: { id: "U1" },
    actions: [{ action_id: "catops.run", value: "hi" }],
    ...payload,
  }) as unknown as SlackInteraction;

describe("field types of the events CatOps acts on", () => {
  it.each([
    ["a numeric text", { text: 42 }, "400 event.text must be a string"],
    ["a user object", { user: { id: "U1" } }, "400 event.user must be a string"],
    ["a channel list", { channel: ["C1"] }, "400 event.channel must be a string"],
    ["a string hidden flag", { hidden: "yes" }, "400 event.hidden must be a boolean"],
  ])("refuses %s", (_what, event, message) => {
    expect(refusal(() => eventCommand(mention(event)))).toBe(message);
  });

  it("leaves other event types alone (team_join carries a user object)", () => {
    const envelope = mention({ type: "team_join", user: { id: "U1" } });
    expect(eventCommand(envelope)).toEqual({ ignore: "event type team_join" });
  });
});

describe("field types of a button press", () => {
  it.each([
    [
      "actions as an object",
      { actions: { action_id: "catops.run" } },
      "400 payload.actions must be a list",
    ],
    [
      "a numeric action_id",
      { actions: [{ action_id: 7 }] },
      "400 payload.actions[0].action_id must be a string",
    ],
    ["a user id object", { user: { id: { id: "U1" } } }, "400 payload.user.id must be a string"],
    ["a numeric response_url", { response_url: 5 }, "400 payload.response_url must be a string"],
  ])("refuses %s", (_what, payload, message) => {
    expect(refusal(() => interactionAction(press(payload)))).toBe(message);
  });

  it("drops a null value instead of passing it on", () => {
    const decision = interactionAction(
      press({ actions: [{ action_id: "catops.run", value: null }] }),
    );
    expect(decision).toMatchObject({ action: { action: "catops.run" } });
    expect("value" in (decision as { action: object }).action).toBe(false);
  });
});
