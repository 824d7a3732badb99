// Slack's message attachment (colour bar, title, fields, footer): Slack renders it, and so does
// Mattermost, which reads Slack's format.
import { type Attachment, truncateText } from "@catops/core";
import { LEVEL_COLORS } from "./levels.js";

export interface SlackStyleAttachment {
  fallback: string;
  color?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: { title: string; value: string; short: boolean }[];
  footer?: string;
}

/** A reply attachment in Slack's format, coloured by its level, its text cut to `maxText`. */
export function slackStyleAttachment(
  attachment: Attachment,
  maxText: number,
): SlackStyleAttachment {
  const color = attachment.color ?? (attachment.level ? LEVEL_COLORS[attachment.level] : undefined);
  const rendered: SlackStyleAttachment = { fallback: attachment.title ?? attachment.text ?? "" };
  if (color) rendered.color = color;
  if (attachment.title) rendered.title = attachment.title;
  if (attachment.titleLink) rendered.title_link = attachment.titleLink;
  if (attachment.text) rendered.text = truncateText(attachment.text, maxText);
  if (attachment.fields?.length)
    rendered.fields = attachment.fields.map((field) => ({
      title: field.title,
      value: field.value,
      short: field.short ?? false,
    }));
  if (attachment.footer) rendered.footer = attachment.footer;
  return rendered;
}
