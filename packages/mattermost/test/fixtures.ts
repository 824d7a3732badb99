// Test helpers: Mattermost's documented slash command request (test/fixtures/vendor/chat) and a
// button press built on it.
import { readFileSync } from "node:fs";
import { vendorText } from "../../../test/fixtures/vendor.mjs";

const LOCAL = new URL("./fixtures/", import.meta.url);

/** The docs' slash command body: exactly the 567 bytes Mattermost sends. */
export const SLASH_BODY = vendorText("chat/mattermost-slash-command-body.docs-joined.txt");

/** The documented request's headers, as sent. */
export const SLASH_HEADERS: Record<string, string> = Object.fromEntries(
  vendorText("chat/mattermost-slash-command-request.docs.http")
    .split("\n\n")[0]!
    .split("\n")
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
);

/** The token of the documented command (in its Authorization header and its `token` field). */
export const TOKEN = new URLSearchParams(SLASH_BODY).get("token")!;

/** The docs' body with some fields replaced. */
export function slashBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams(SLASH_BODY);
  for (const [key, value] of Object.entries(fields))
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  return params.toString();
}

/** A slash command request as Mattermost sends it, to /mattermost/commands. */
export function slashRequest(
  body: string,
  headers: Record<string, string | undefined> = {},
): Request {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...SLASH_HEADERS, ...headers }))
    if (value !== undefined && name !== "host" && name !== "content-length") merged[name] = value;
  return new Request("http://localhost/mattermost/commands", {
    method: "POST",
    headers: merged,
    body,
  });
}

/** A button press carrying `context`, from the user who ran the documented command. */
export function actionBody(context: unknown, patch: Record<string, unknown> = {}): string {
  const request = JSON.parse(readFileSync(new URL("action-request.DERIVED.json", LOCAL), "utf8"));
  return JSON.stringify({ ...request, context, ...patch });
}

export function actionRequest(body: string): Request {
  return new Request("http://localhost/mattermost/actions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}
