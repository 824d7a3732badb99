// A Socket Mode envelope read as the HTTP request it stands for. Loaded with the first envelope:
// a bot served over HTTP never needs it.
import { HttpError } from "@catops/core";
import { readEventsApi, readInteraction, type SlackRequest } from "./parse.js";

/**
 * A Socket Mode envelope's payload as the request it stands for, read as the same request over
 * HTTP is: `events_api` (the Events API body), `slash_commands` (the slash command's fields),
 * `interactive` (the interaction payload). Another type is acknowledged and logged.
 */
export function socketModeRequest(type: string, payload: unknown): SlackRequest {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    throw new HttpError(400, `${type} envelope has no payload object`);
  const body = payload as Record<string, unknown>;
  switch (type) {
    case "events_api":
      // Slack's docs show an App Home payload as the bare inner event: read it as wrapped.
      return readEventsApi(
        body.type === "event_callback" || body.type === "url_verification" || "event" in body
          ? body
          : { type: "event_callback", event: body },
      );
    case "slash_commands": {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(body))
        if (typeof value === "string") params.set(key, value);
      return { kind: "command", params };
    }
    case "interactive":
      return readInteraction(body);
    default:
      return { kind: "other_event", type };
  }
}
