// Signed Slack requests for tests and the load script, built from the real payloads in
// test/fixtures/vendor/slack.
import { createHmac } from "node:crypto";
import { vendorText } from "../../../test/fixtures/vendor.mjs";

/** The docs' slash command payload with some fields replaced, form-encoded. */
export function slashCommandBody(fields: Record<string, string>): string {
  const params = new URLSearchParams(vendorText("slack/slash-command-docs-example.txt"));
  for (const [key, value] of Object.entries(fields)) params.set(key, value);
  return params.toString();
}

/** Headers Slack sends with `body`, signed with `secret` at `nowMs`. */
export function slackHeaders(
  secret: string,
  body: string,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": `v0=${signature}`,
  };
}
