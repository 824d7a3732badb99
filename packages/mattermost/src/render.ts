// Reply → Mattermost message: Markdown text, Slack-style attachments in the level's colour, and
// buttons as attachment actions that call back to /mattermost/actions. Block Kit becomes text.
import {
  attachmentFallback,
  type Button,
  clipText,
  type Reply,
  inertReply,
  truncateText,
} from "@catops/core";
import {
  LEVEL_COLORS,
  markError,
  mrkdwnReply,
  replyText,
  slackStyleAttachment,
} from "@catops/slack";
import { escapeMattermostText } from "./dialect.js";
import type {
  ActionContext,
  ActionResponse,
  MattermostAction,
  MattermostAttachment,
  MattermostMessage,
} from "./wire.js";

export interface MattermostRenderOptions {
  /** Where Mattermost sends button presses: `<CATOPS_PUBLIC_URL>/mattermost/actions`. */
  actionUrl?: string;
  /** The signed context of each of the reply's buttons, in order. */
  contexts?: readonly ActionContext[];
  /** How the slash command is typed, for the line that stands in for buttons: '/catops'. */
  trigger?: string;
}

/** The palette and the cut every connector shares, still exported from here. */
export { LEVEL_COLORS, truncateText };

/** Mattermost's default maximum post size, in characters. */
export const MATTERMOST_LIMITS = { text: 16_383, buttonName: 80 } as const;

/** What stands in for confirm/cancel buttons when Mattermost cannot reach CatOps. */
export const NO_BUTTONS_HINT =
  "_This needs a button, and buttons need CATOPS_PUBLIC_URL to be set on the bot._";

/** The action CatOps runs for a button: its own id, or `catops.run` with the command. */
export function buttonAction(button: Button): { action: string; value?: string } {
  const value = button.value ?? button.command;
  return { action: button.action ?? "catops.run", ...(value !== undefined ? { value } : {}) };
}

/** Renders a CatOps reply as a slash command response or response_url message. */
export function renderMattermostMessage(
  reply: Reply,
  options: MattermostRenderOptions = {},
): MattermostMessage {
  const { text, attachments } = renderContent(reply, options);
  const message: MattermostMessage = { response_type: reply.visibility ?? "in_channel", text };
  if (attachments.length > 0) message.attachments = attachments;
  return message;
}

/**
 * The answer to a button press: a reply that replaces the original becomes an `update` of the
 * post; any other, an `ephemeral_text` for the presser (in-channel results go to a response_url).
 */
export function renderActionResponse(
  reply: Reply | undefined,
  options: MattermostRenderOptions = {},
): ActionResponse {
  if (!reply) return {};
  const { text, attachments } = renderContent(reply, options);
  if (reply.replaceOriginal)
    return { update: { message: text, props: attachments.length > 0 ? { attachments } : {} } };
  const extra = attachments.map(attachmentAsText).filter((line) => line !== "");
  return { ephemeral_text: [text, ...extra].filter((line) => line !== "").join("\n") };
}

function renderContent(given: Reply, options: MattermostRenderOptions) {
  // A Slack message payload is in Slack's markup: translated, so its links work and bare
  // `@name` words do not ping, as they would not on Slack.
  const reply =
    given.markup === "mrkdwn" ? mrkdwnReply(given) : inertReply(given, escapeMattermostText);
  const attachments: MattermostAttachment[] = (reply.attachments ?? []).map((attachment) =>
    slackStyleAttachment(attachment, MATTERMOST_LIMITS.text),
  );
  const lines = [markError(replyText(reply), reply.error)];
  const buttons = reply.buttons ?? [];
  if (buttons.length > 0) {
    if (options.actionUrl && options.contexts?.length === buttons.length)
      attachments.push({ actions: buttons.map((b, i) => renderButton(b, i, options)) });
    else lines.push(...buttonsAsText(buttons, options.trigger ?? "/catops"));
  }
  let text = lines.filter((line) => line !== "").join("\n");
  if (text === "") text = attachmentFallback(reply.attachments);
  return { text: truncateText(text, MATTERMOST_LIMITS.text), attachments };
}

function renderButton(
  button: Button,
  index: number,
  options: MattermostRenderOptions,
): MattermostAction {
  return {
    id: `catops${index}`,
    type: "button",
    name: clipText(button.text || "Run", MATTERMOST_LIMITS.buttonName),
    style: button.style ?? "default",
    integration: { url: options.actionUrl!, context: options.contexts![index]! },
  };
}

/** Without a URL for presses: the commands to type instead, or why it cannot be answered here. */
function buttonsAsText(buttons: Button[], trigger: string): string[] {
  const commands: string[] = [];
  let needsButtons = false;
  for (const button of buttons) {
    const { action, value } = buttonAction(button);
    if (action === "catops.run" && value) commands.push(`\`${trigger} ${value}\``);
    else needsButtons = true;
  }
  const lines: string[] = [];
  if (commands.length > 0) lines.push(`To run: ${commands.join(", ")}`);
  if (needsButtons) lines.push(NO_BUTTONS_HINT);
  return lines;
}

function attachmentAsText(attachment: MattermostAttachment): string {
  const parts = [attachment.title ? `**${attachment.title}**` : "", attachment.text ?? ""];
  for (const field of attachment.fields ?? []) parts.push(`${field.title}: ${field.value}`);
  return parts.filter((part) => part !== "").join("\n");
}
