// Reply → Google Chat message: the text in Chat's formatting, and when the reply has buttons or
// attachments a card v2 as well: each attachment a section (its fields as decorated text), the
// buttons a button list whose clicks call back with the CatOps action. Block Kit becomes text.
// Chat has no message only one user sees in an HTTP answer: ephemeral replies go to the space.
import {
  type Attachment,
  type Button,
  clipText,
  inertReply,
  type Reply,
  truncateText,
} from "@catops/core";
import { markError, mrkdwnReply, replyText } from "@catops/slack";
import { escapeCardHtml, escapeGoogleChatText } from "./dialect.js";
import type { ChatReplyMessage } from "./wire.js";

/** Chat's limits: 32,000 bytes of text; we keep well inside it. */
export const GOOGLE_CHAT_LIMITS = { text: 16_000, buttonText: 80 } as const;

const ERROR_MARK = "⚠️ ";

/** Renders a CatOps reply as a Google Chat message (an HTTP answer or a Chat API body). */
export function renderGoogleChatMessage(given: Reply): ChatReplyMessage {
  const reply =
    given.markup === "mrkdwn" ? mrkdwnReply(given) : inertReply(given, escapeGoogleChatText);
  const text = truncateText(
    markError(replyText(reply), reply.error, ERROR_MARK),
    GOOGLE_CHAT_LIMITS.text,
  );
  const message: ChatReplyMessage = { text: text || " " };
  const sections = [
    ...(given.attachments ?? []).map((attachment) => attachmentSection(attachment, !given.raw)),
  ];
  const buttons = reply.buttons ?? [];
  if (buttons.length > 0)
    sections.push({ widgets: [{ buttonList: { buttons: buttons.map(cardButton) } }] });
  if (sections.length > 0) message.cardsV2 = [{ cardId: "catops", card: { sections } }];
  return message;
}

function attachmentSection(attachment: Attachment, inert: boolean) {
  const html = (text: string) => (inert ? escapeCardHtml(text) : text);
  const widgets: unknown[] = [];
  if (attachment.pretext) widgets.push({ textParagraph: { text: html(attachment.pretext) } });
  if (attachment.text) widgets.push({ textParagraph: { text: html(attachment.text) } });
  for (const field of attachment.fields ?? [])
    widgets.push({
      decoratedText: { topLabel: html(field.title), text: html(field.value), wrapText: true },
    });
  if (attachment.footer)
    widgets.push({ textParagraph: { text: `<i>${html(attachment.footer)}</i>` } });
  if (widgets.length === 0) widgets.push({ textParagraph: { text: " " } });
  return { ...(attachment.title ? { header: html(attachment.title) } : {}), widgets };
}

/** The function and parameters a CatOps button calls back with. */
export function buttonAction(button: Button) {
  const value = button.value ?? button.command;
  return {
    function: button.action ?? "catops.run",
    parameters: value !== undefined ? [{ key: "value", value }] : [],
  };
}

function cardButton(button: Button) {
  return {
    text: clipText(button.text || "Run", GOOGLE_CHAT_LIMITS.buttonText),
    onClick: { action: buttonAction(button) },
    ...(button.style === "danger" || button.style === "primary" ? { type: "FILLED" } : {}),
  };
}
