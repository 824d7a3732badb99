// Signed Slack requests built on the real payloads in test/fixtures/vendor/slack: a slash command,
// a button press and the Home tab opened, with the fields a scenario changes put in.
import { createHmac } from "node:crypto";
import { vendorText } from "../fixtures/vendor.mjs";

const fixture = (name: string) => vendorText(`slack/${name}`);

export const SLACK_USER = "U2147483697";

function signed(secret: string, body: string, contentType: string, url: string): Request {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
}

/** `/catops <text>` from the docs' slash command body, signed with `secret`. */
export function slashCommand(
  secret: string,
  text: string,
  options: { responseUrl: string; baseUrl?: string },
): Request {
  const form = new URLSearchParams(fixture("slash-command-docs-example.txt").trim());
  form.set("command", "/catops");
  form.set("text", text);
  form.set("response_url", options.responseUrl);
  return signed(
    secret,
    form.toString(),
    "application/x-www-form-urlencoded",
    `${options.baseUrl ?? "https://catops.example"}/slack/events`,
  );
}

/** A press of the button `actionId`/`value` by the slash command's user, signed. */
export function buttonPress(
  secret: string,
  action: { actionId: string; value: string },
  options: { responseUrl: string; baseUrl?: string },
): Request {
  const payload = JSON.parse(fixture("interactivity-block-actions-message.payload.json"));
  payload.user = { ...payload.user, id: SLACK_USER };
  payload.response_url = options.responseUrl;
  payload.actions = [
    { ...payload.actions[0], type: "button", action_id: action.actionId, value: action.value },
  ];
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signed(
    secret,
    body,
    "application/x-www-form-urlencoded",
    `${options.baseUrl ?? "https://catops.example"}/slack/events`,
  );
}

/** The docs' app_home_opened event for the slash command's user, as the Events API sends it, signed. */
export function homeOpened(secret: string, options: { baseUrl?: string } = {}): Request {
  const { payload } = JSON.parse(fixture("socket-mode-events-api-app-home-opened.envelope.json"));
  const body = JSON.stringify({
    type: "event_callback",
    team_id: "T123ABC456",
    event_id: `Ev-home-${Date.now()}`,
    event: { ...payload, user: SLACK_USER },
  });
  return signed(
    secret,
    body,
    "application/json",
    `${options.baseUrl ?? "https://catops.example"}/slack/events`,
  );
}

/** The value of the first button with `actionId` in a Slack message (blocks or attachments). */
export function buttonValue(message: unknown, actionId: string): string | undefined {
  if (Array.isArray(message)) {
    for (const item of message) {
      const found = buttonValue(item, actionId);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof message !== "object" || message === null) return undefined;
  const element = message as Record<string, unknown>;
  if (
    typeof element.action_id === "string" &&
    element.action_id.replace(/#\d+$/, "") === actionId &&
    typeof element.value === "string"
  )
    return element.value;
  return buttonValue(Object.values(element), actionId);
}
