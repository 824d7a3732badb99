// The malformed and odd requests the bad-input cases are made of: each signed now, as Slack signs,
// or deliberately not, and Slack's payloads from the fixtures with a field changed.
import type { RawRequest } from "../support/drivers.ts";
import {
  fixtureJson,
  NOWHERE,
  nowSeconds,
  SIGNING_SECRET,
  sign,
  slashBody,
} from "../support/slack.ts";

export const FORM = "application/x-www-form-urlencoded";
export const JSON_TYPE = "application/json";
export const MIB = 1024 * 1024;

export function signed(
  body: string | Uint8Array,
  contentType: string | null = FORM,
  extra: [string, string][] = [],
): RawRequest {
  const timestamp = nowSeconds();
  const headers: [string, string][] = [
    ["x-slack-request-timestamp", String(timestamp)],
    ["x-slack-signature", sign(SIGNING_SECRET, timestamp, body)],
    ...extra,
  ];
  if (contentType !== null) headers.unshift(["content-type", contentType]);
  return { method: "POST", path: "/slack/events", headers, body };
}

export const without = (request: RawRequest, name: string): RawRequest => ({
  ...request,
  headers: request.headers.filter(([header]) => header !== name),
});

export const twice = (request: RawRequest, name: string, value?: string): RawRequest => {
  const line = request.headers.find(([header]) => header === name)!;
  return { ...request, headers: [...request.headers, [name, value ?? line[1]]] };
};

export const slash = (recorderUrl: string, text: string, fields: Record<string, string> = {}) =>
  slashBody({ text, response_url: `${recorderUrl}/respond/bad-input`, ...fields });

export const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

export function interaction(payload: Record<string, unknown>): string {
  const base = fixtureJson("interactivity-block-actions-message.payload.json");
  const local = { response_url: `${NOWHERE}/actions` };
  return `payload=${encodeURIComponent(JSON.stringify({ ...base, ...local, ...payload }))}`;
}

export function mentionEnvelope(
  event: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  return JSON.stringify({
    ...envelope,
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event: { ...envelope.event, ...event },
    ...extra,
  });
}
