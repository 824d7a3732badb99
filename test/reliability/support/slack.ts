// Signed Slack requests for the reliability suites: the docs' slash command with our own text,
// signed now (or at any time) with node:crypto, independent of the verifier under test.
import { createHmac } from "node:crypto";
import { vendorText } from "../../fixtures/vendor.mjs";

export const SIGNING_SECRET = "rel-signing-5e3b1f0c9a7d4e2b8c6a";
export const BOT_TOKEN = "xoxb-reliability-7a1c-4d9e-token";
export const ORIGIN = "http://localhost";

export const fixture = (name: string) => vendorText(`slack/${name}`);
export const fixtureJson = (name: string) => JSON.parse(fixture(name));

export function sign(secret: string, timestamp: number | string, body: string | Uint8Array) {
  const hmac = createHmac("sha256", secret).update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest("hex")}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Headers Slack sends with a body, signed with `secret` at `timestamp`. */
export function slackHeaders(
  body: string | Uint8Array,
  options: { secret?: string; timestamp?: number; contentType?: string } = {},
): Record<string, string> {
  const timestamp = options.timestamp ?? nowSeconds();
  return {
    "content-type": options.contentType ?? "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": sign(options.secret ?? SIGNING_SECRET, timestamp, body),
  };
}

/** A loopback address nothing listens on: late replies sent there fail at once, locally. */
export const NOWHERE = "http://127.0.0.1:9";

/**
 * The docs' slash command form with `fields` set (text, response_url, ...). Its response_url
 * (Slack's own host in the fixture) points at NOWHERE unless given: tests never leave the machine.
 */
export function slashBody(fields: Record<string, string>): string {
  const params = new URLSearchParams(fixture("signing-docs-example.body.txt"));
  params.set("response_url", `${NOWHERE}/respond`);
  for (const [name, value] of Object.entries(fields)) params.set(name, value);
  return params.toString();
}

export function signedRequest(
  body: string | Uint8Array,
  options: {
    secret?: string;
    timestamp?: number;
    contentType?: string;
    path?: string;
    headers?: Record<string, string>;
  } = {},
): Request {
  return new Request(`${ORIGIN}${options.path ?? "/slack/events"}`, {
    method: "POST",
    headers: { ...slackHeaders(body, options), ...options.headers },
    body: body as BodyInit,
  });
}

export function slashRequest(text: string, fields: Record<string, string> = {}): Request {
  return signedRequest(slashBody({ text, ...fields }));
}
