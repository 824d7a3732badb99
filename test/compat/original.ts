// What the compat suites share: the ported plugins loaded through the real directory scan, a
// bot over them behind the real Slack connector, and a signed slash command as Slack sends it.
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { CatOpsOptions, PluginModule, Reply } from "@catops/core";
import { renderDiscordMessage } from "@catops/discord";
import { renderMattermostMessage } from "@catops/mattermost";
import { createSlackConnector } from "@catops/slack";
import { loadPluginDirectory } from "@catops/node";
import { vendorText } from "../fixtures/vendor.mjs";
import { connectorTestBot } from "../support/chat.ts";

export const PLUGINS_DIR = fileURLToPath(new URL("./plugins/", import.meta.url));
const SECRET = "compat-signing-secret";

export function loadOriginalPlugins(): Promise<PluginModule[]> {
  return loadPluginDirectory(PLUGINS_DIR);
}

/** Slack's documented slash command (user Steve, team `example`), with the given text. */
export function slashForm(text: string): URLSearchParams {
  const form = new URLSearchParams(vendorText("slack/slash-command-docs-example.txt").trim());
  form.set("command", "/catops");
  form.set("text", text);
  return form;
}

export function signedSlash(text: string, now: number): Request {
  const body = slashForm(text).toString();
  const timestamp = String(Math.floor(now / 1000));
  const signature = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return new Request("http://127.0.0.1/slack/events", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
}

/** A bot over `plugins` behind the Slack connector; `slash(text)` answers as Slack would see it. */
export function slackBot(plugins: PluginModule[], options: CatOpsOptions = {}) {
  const now = Date.now();
  const chat = connectorTestBot({
    ...options,
    plugins,
    now: () => now,
    connectors: [createSlackConnector({ signingSecret: SECRET })],
  });
  async function slash(text: string): Promise<Record<string, any>> {
    const response = await chat.send(signedSlash(text, now));
    if (response.status !== 200) throw new Error(`Slack answer ${response.status}`);
    return (await response.json()) as Record<string, any>;
  }
  return { ...chat, slash };
}

/** The reply the dispatcher gives for `text`, from the Slack form, for the other renderers. */
export async function replyFor(
  bot: ReturnType<typeof slackBot>["bot"],
  text: string,
): Promise<Reply | undefined> {
  const form = slashForm(text);
  return bot.dispatch({
    command: [],
    text,
    user: { id: form.get("user_id")!, name: form.get("user_name")! },
    channel: { id: form.get("channel_id")!, name: form.get("channel_name")! },
    source: "slack",
    raw: Object.fromEntries(form),
  });
}

export const renderOthers = (reply: Reply) => ({
  mattermost: renderMattermostMessage(reply),
  discord: renderDiscordMessage(reply),
});
