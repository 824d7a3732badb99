// Slack's message attachment (colour bar, author, title, fields, pictures, footer): Slack renders
// it, and so does Mattermost, which reads Slack's format.
import { type Attachment, truncateText } from "@catops/core";
import { LEVEL_COLORS } from "./levels.js";

export interface SlackStyleAttachment {
  fallback: string;
  color?: string;
  pretext?: string;
  author_name?: string;
  author_link?: string;
  author_icon?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: { title: string; value: string; short: boolean }[];
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  footer_icon?: string;
  ts?: number | string;
}

/** The string fields that pass through under their Slack names. */
const SAME_FIELDS = [
  ["pretext", "pretext"],
  ["authorName", "author_name"],
  ["authorLink", "author_link"],
  ["authorIcon", "author_icon"],
  ["title", "title"],
  ["titleLink", "title_link"],
  ["imageUrl", "image_url"],
  ["thumbUrl", "thumb_url"],
  ["footer", "footer"],
  ["footerIcon", "footer_icon"],
] as const;

/** A reply attachment in Slack's format, coloured by its level, its text cut to `maxText`. */
export function slackStyleAttachment(
  attachment: Attachment,
  maxText: number,
): SlackStyleAttachment {
  const color = attachment.color ?? (attachment.level ? LEVEL_COLORS[attachment.level] : undefined);
  const rendered: SlackStyleAttachment = {
    fallback: attachment.fallback ?? attachment.title ?? attachment.text ?? "",
  };
  if (color) rendered.color = color;
  for (const [from, to] of SAME_FIELDS) {
    const value = attachment[from];
    if (value) rendered[to] = value;
  }
  if (attachment.text) rendered.text = truncateText(attachment.text, maxText);
  if (attachment.fields?.length)
    rendered.fields = attachment.fields.map((field) => ({
      title: field.title,
      value: field.value,
      short: field.short ?? false,
    }));
  if (attachment.ts !== undefined && attachment.ts !== "") rendered.ts = attachment.ts;
  return rendered;
}
