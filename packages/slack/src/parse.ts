// Tells the three kinds of Slack request apart (slash command form, `payload=` interactivity
// form, Events API JSON) and reads each. Bodies are parsed only after their signature checked.
import { type CommandEvent, HttpError, parseJsonObject } from "@catops/core";
import type { SlackEventEnvelope, SlackInteraction } from "./wire.js";

export type SlackRequest =
  /** Slack checking our certificate: answer 200. */
  | { kind: "ssl_check" }
  | { kind: "command"; params: URLSearchParams }
  | { kind: "url_verification"; challenge: string }
  | { kind: "event_callback"; envelope: SlackEventEnvelope }
  /** Another Events API envelope type (app_rate_limited, ...): acknowledged and logged. */
  | { kind: "other_event"; type: string }
  | { kind: "interaction"; payload: SlackInteraction };

/** Reads a verified Slack request body; a body that is none of Slack's shapes is a 400. */
export function parseSlackRequest(body: string, contentType: string | null): SlackRequest {
  // What Slack sends for every slash command, settled without taking the header apart.
  if (contentType === FORM_TYPE) return parseForm(body);
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const looksJson = type === "" && body.trimStart().startsWith("{");
  if (type === "application/json" || looksJson) return parseEventsApi(body);
  if (type === "application/x-www-form-urlencoded" || type === "") return parseForm(body);
  throw new HttpError(415, `unsupported content type ${type}`);
}

const FORM_TYPE = "application/x-www-form-urlencoded";

function parseEventsApi(body: string): SlackRequest {
  return readEventsApi(parseJsonObject(body, "Events API body"));
}

/** An Events API body already parsed (from HTTP, or a Socket Mode `events_api` envelope). */
export function readEventsApi(envelope: Record<string, unknown>): SlackRequest {
  const type = envelope.type;
  if (typeof type !== "string") throw new HttpError(400, "Events API body has no type");
  if (type === "url_verification") {
    if (typeof envelope.challenge !== "string" || envelope.challenge === "")
      throw new HttpError(400, "url_verification has no challenge");
    return { kind: "url_verification", challenge: envelope.challenge };
  }
  if (type === "event_callback") {
    const event = envelope.event;
    if (typeof event !== "object" || event === null || Array.isArray(event))
      throw new HttpError(400, "event_callback has no event object");
    if (typeof (event as { type?: unknown }).type !== "string")
      throw new HttpError(400, "event_callback's event has no type");
    return { kind: "event_callback", envelope: envelope as unknown as SlackEventEnvelope };
  }
  return { kind: "other_event", type };
}

function parseForm(body: string): SlackRequest {
  const params = new URLSearchParams(body);
  const payload = params.get("payload");
  if (payload !== null) return readInteraction(parseJsonObject(payload, "payload"));
  if (params.get("ssl_check") === "1") return { kind: "ssl_check" };
  if (params.has("command")) return { kind: "command", params };
  throw new HttpError(400, "form body is neither a slash command nor an interaction payload");
}

/** An interaction payload already parsed (a `payload=` form field, or a Socket Mode envelope). */
export function readInteraction(parsed: Record<string, unknown>): SlackRequest {
  if (typeof parsed.type !== "string") throw new HttpError(400, "payload has no type");
  return { kind: "interaction", payload: parsed as unknown as SlackInteraction };
}

/** A slash command's form fields as a command event; the core tokenizes `text`. */
export function slashCommandEvent(params: URLSearchParams): CommandEvent {
  const field = (name: string) => params.get(name) || undefined;
  const userId = field("user_id");
  const channelId = field("channel_id");
  if (!field("command")) throw new HttpError(400, "slash command has no command field");
  if (!userId) throw new HttpError(400, "slash command has no user_id");
  if (!channelId) throw new HttpError(400, "slash command has no channel_id");
  const userName = field("user_name");
  const channelName = field("channel_name");
  const event: CommandEvent = {
    command: [],
    text: slackTextToCommandLine(params.get("text") ?? ""),
    user: userName ? { id: userId, name: userName } : { id: userId },
    channel: channelName ? { id: channelId, name: channelName } : { id: channelId },
  };
  const teamId = field("team_id");
  if (teamId) {
    const domain = field("team_domain");
    event.team = domain ? { id: teamId, domain } : { id: teamId };
  }
  const responseUrl = field("response_url");
  if (responseUrl) event.responseUrl = responseUrl;
  event.source = "slack";
  // Written, not defined: a `defineProperty` costs more than the rest of the event. A copy of the
  // event (a confirmation's, a rerun's) takes the form along with `raw`; JSON leaves it out.
  (event as { [FORM]?: Form })[FORM] = { params };
  Object.defineProperty(event, "raw", LAZY_RAW);
  return event;
}

/** Where an event keeps its form until `raw` is read. */
const FORM = Symbol("slack form");
type Form = { params: URLSearchParams; raw?: Record<string, string> };

/**
 * Every form field, as a plain object, made when something reads it: most commands never do.
 * One accessor shared by every event: a closure per event gave each its own hidden class, which
 * kept events alive past young collections and grew a warm function's heap.
 */
const LAZY_RAW: PropertyDescriptor = {
  get(this: { [FORM]: Form }) {
    const form = this[FORM];
    form.raw ??= Object.fromEntries(form.params);
    return form.raw;
  },
  set(this: { [FORM]: Form }, value: Record<string, string>) {
    this[FORM].raw = value;
  },
  enumerable: true,
  configurable: true,
};

/**
 * Message text as typed: Slack escapes `&`, `<` and `>` and wraps links as `<url|label>`.
 * Mentions (`<@U123>`) and channel links stay as they are: they identify someone.
 */
export function slackTextToCommandLine(text: string): string {
  // Most commands carry no escapes and no links: nothing to undo.
  if (!text.includes("&") && !text.includes("<")) return text;
  return text
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export function withName<T extends { id: string }>(value: T, name: string | undefined) {
  return name ? { ...value, name } : value;
}
