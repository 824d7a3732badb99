// Reads Google Chat interaction events: a MESSAGE (a slash command, a mention in a space, or a
// direct message) or an APP_COMMAND (`appCommandMetadata`) becomes a command event; a CARD_CLICKED on a CatOps button becomes a press.
// Bodies are parsed after the token checked out.
import { type CommandEvent, HttpError, parseJsonObject } from "@catops/core";
import type { ChatEvent } from "./wire.js";

export type GoogleChatRequest =
  | { kind: "command"; chatEvent: ChatEvent; event: CommandEvent }
  | {
      kind: "press";
      chatEvent: ChatEvent;
      /** The CatOps action the button carries; undefined for a button CatOps did not make. */
      action?: { action: string; value?: string };
      event: CommandEvent;
    }
  /** ADDED_TO_SPACE, REMOVED_FROM_SPACE, widget updates: acknowledged and logged. */
  | { kind: "other"; chatEvent: ChatEvent };

/** The action ids CatOps puts on its own buttons (as the card action's function). */
export const CATOPS_ACTIONS = ["catops.run", "catops.confirm", "catops.cancel"] as const;

/** Reads an interaction event; a body that is not one is a 400. */
export function parseChatEvent(body: string): ChatEvent {
  const event = parseJsonObject(body, "event") as unknown as ChatEvent;
  if (typeof event.type !== "string" || event.type === "")
    throw new HttpError(400, "event has no type");
  if (typeof event.space?.name !== "string" || !event.space.name.startsWith("spaces/"))
    throw new HttpError(400, "event has no space");
  if (typeof event.user?.name !== "string" || event.user.name === "")
    throw new HttpError(400, "event has no user");
  return event;
}

/** What an event asks of CatOps. */
export function classifyChatEvent(chatEvent: ChatEvent): GoogleChatRequest {
  // APP_COMMAND: a slash or quick command of an app that takes commands as their own events.
  if (chatEvent.type === "MESSAGE" || chatEvent.type === "APP_COMMAND") {
    if (typeof chatEvent.message !== "object" || chatEvent.message === null)
      throw new HttpError(400, `${chatEvent.type} event has no message`);
    return {
      kind: "command",
      chatEvent,
      event: chatCommandEvent(chatEvent, commandText(chatEvent)),
    };
  }
  if (chatEvent.type === "CARD_CLICKED") {
    const action = clickedAction(chatEvent);
    return {
      kind: "press",
      chatEvent,
      ...(action ? { action } : {}),
      event: chatCommandEvent(chatEvent),
    };
  }
  return { kind: "other", chatEvent };
}

/**
 * The command as typed, without the app's mention: `argumentText`. A slash command other than
 * the bot's own name (`/deploy api`) keeps its name, so it runs that command; the dispatcher
 * strips the bot's name (`/catops hi` runs `hi`).
 */
export function commandText(chatEvent: ChatEvent): string {
  const message = chatEvent.message!;
  const rest = (message.argumentText ?? message.text ?? "").trim();
  const slash = message.annotations?.find((a) => a.type === "SLASH_COMMAND")?.slashCommand;
  const name = slash?.commandName?.replace(/^\//, "");
  return name ? `${name} ${rest}`.trim() : rest;
}

/** The function and value of a clicked CatOps button (cards v2 `common`, or the older `action`). */
export function clickedAction(
  chatEvent: ChatEvent,
): { action: string; value?: string } | undefined {
  const name = chatEvent.common?.invokedFunction ?? chatEvent.action?.actionMethodName;
  if (!name || !(CATOPS_ACTIONS as readonly string[]).includes(name)) return undefined;
  const value =
    chatEvent.common?.parameters?.value ??
    chatEvent.action?.parameters?.find((p) => p.key === "value")?.value;
  return typeof value === "string" ? { action: name, value } : { action: name };
}

/** The person and space of an event as a command event; the space is the channel. */
export function chatCommandEvent(chatEvent: ChatEvent, text?: string): CommandEvent {
  const { user, space } = chatEvent;
  return {
    command: [],
    ...(text !== undefined ? { text } : {}),
    user: user.displayName ? { id: user.name, name: user.displayName } : { id: user.name },
    channel: space.displayName ? { id: space.name, name: space.displayName } : { id: space.name },
    ...(user.domainId ? { team: { id: user.domainId } } : {}),
    source: "google-chat",
    raw: chatEvent,
  };
}
