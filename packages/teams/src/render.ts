// Reply → Teams message activity. Plain replies are Markdown text (Teams' subset); replies with
// buttons or attachments are an Adaptive Card: the text, each attachment as a titled container
// with its fields as facts, and buttons as `Action.Submit` whose data carries the CatOps action.
// Block Kit becomes text. Teams has no message only one user sees: ephemeral replies are sent
// to the conversation like the rest.
import {
  type Attachment,
  type Button,
  clipText,
  inertReply,
  type Reply,
  truncateText,
} from "@catops/core";
import { markError, mrkdwnReply, replyText } from "@catops/slack";
import { escapeCardText, escapeTeamsText } from "./dialect.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type OutgoingActivity } from "./wire.js";

/** Teams' limits: a message is at most about 28 KB; we keep text well inside it. */
export const TEAMS_LIMITS = { text: 20_000, buttonTitle: 80, actions: 6 } as const;

/** Adaptive Card colours for attachment levels. */
const LEVEL_STYLES = {
  critical: "attention",
  error: "attention",
  warning: "warning",
  info: "accent",
  debug: "default",
  success: "good",
} as const;

const ERROR_MARK = "⚠️ ";

/** Renders a CatOps reply as a Teams message activity. */
export function renderTeamsMessage(given: Reply): OutgoingActivity {
  const hasCard = (given.buttons?.length ?? 0) > 0 || (given.attachments?.length ?? 0) > 0;
  const fromMrkdwn = given.markup === "mrkdwn";
  const inert = hasCard ? escapeCardText : escapeTeamsText;
  const reply = fromMrkdwn ? mrkdwnReply(given) : inertReply(given, inert);
  const text = truncateText(
    markError(replyText(reply), reply.error, ERROR_MARK),
    TEAMS_LIMITS.text,
  );
  if (!hasCard) return { type: "message", text: text || " ", textFormat: "markdown" };
  return {
    type: "message",
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: adaptiveCard(text, reply) }],
  };
}

/** The card: the text, the attachments, and the buttons as actions. */
export function adaptiveCard(text: string, reply: Reply) {
  const body: unknown[] = [];
  if (text) body.push(textBlock(text));
  for (const attachment of reply.attachments ?? []) body.push(attachmentContainer(attachment));
  const buttons = reply.buttons ?? [];
  const card: Record<string, unknown> = {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body,
  };
  if (buttons.length > 0) card.actions = buttons.slice(0, TEAMS_LIMITS.actions).map(submitAction);
  return card;
}

function textBlock(text: string, extra: Record<string, unknown> = {}) {
  return { type: "TextBlock", text, wrap: true, ...extra };
}

function attachmentContainer(attachment: Attachment) {
  const items: unknown[] = [];
  if (attachment.pretext) items.push(textBlock(attachment.pretext, { isSubtle: true }));
  if (attachment.title) {
    const link = attachment.titleLink && /^https?:\/\//.test(attachment.titleLink);
    const title = link ? `[${attachment.title}](${attachment.titleLink})` : attachment.title;
    items.push(textBlock(title, { weight: "Bolder", size: "Medium" }));
  }
  if (attachment.text) items.push(textBlock(attachment.text));
  if (attachment.fields?.length)
    items.push({
      type: "FactSet",
      facts: attachment.fields.map((field) => ({ title: field.title, value: field.value })),
    });
  if (attachment.footer)
    items.push(textBlock(attachment.footer, { isSubtle: true, size: "Small" }));
  const style = attachment.level ? LEVEL_STYLES[attachment.level] : undefined;
  return { type: "Container", items, ...(style ? { style } : {}) };
}

/** The data a CatOps button submits: `{ catopsAction, catopsValue }`. */
export function submitData(button: Button): { catopsAction: string; catopsValue?: string } {
  const value = button.value ?? button.command;
  return {
    catopsAction: button.action ?? "catops.run",
    ...(value !== undefined ? { catopsValue: value } : {}),
  };
}

function submitAction(button: Button) {
  return {
    type: "Action.Submit",
    title: clipText(button.text || "Run", TEAMS_LIMITS.buttonTitle),
    data: submitData(button),
    ...(button.style === "danger"
      ? { style: "destructive" }
      : button.style === "primary"
        ? { style: "positive" }
        : {}),
  };
}
