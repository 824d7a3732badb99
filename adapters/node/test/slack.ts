// Signed Slack requests for tests and the load script, built from the real payloads in
// shared/fixtures/slack (resolved from the repository root, so any checkout works).
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

const FIXTURES = new URL("../../../../shared/fixtures/slack/", import.meta.url);

/** The docs' slash command payload with some fields replaced, form-encoded. */
export function slashCommandBody(fields: Record<string, string>): string {
  const params = new URLSearchParams(
    readFileSync(new URL("slash-command-docs-example.txt", FIXTURES), "utf8"),
  );
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
