// Test helpers: the real Slack payloads in test/fixtures/vendor/slack and request signing as
// Slack does it.
import { createHmac } from "node:crypto";
import { vendorText } from "../../../test/fixtures/vendor.mjs";

/** A fixture's bytes as text, exactly as stored. */
export function fixtureText(name: string): string {
  return vendorText(`slack/${name}`);
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export function slackSignature(secret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A request to /slack/events signed with `secret` at `nowMs`. */
export function signedRequest(
  secret: string,
  body: string,
  options: { contentType?: string; nowMs?: number; headers?: Record<string, string> } = {},
): Request {
  const timestamp = String(Math.floor((options.nowMs ?? Date.now()) / 1000));
  return new Request("http://localhost/slack/events", {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": slackSignature(secret, timestamp, body),
      ...options.headers,
    },
    body,
  });
}

/** A slash command body: the docs example with some fields replaced. */
export function slashCommandBody(fields: Record<string, string>): string {
  const params = new URLSearchParams(fixtureText("slash-command-docs-example.txt"));
  for (const [key, value] of Object.entries(fields)) params.set(key, value);
  return params.toString();
}
