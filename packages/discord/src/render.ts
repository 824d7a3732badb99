// Reply → Discord message: Markdown content (2,000 characters), attachments as embeds in the
// level's colour, buttons as action rows whose custom_id carries the CatOps action. Block Kit
// becomes text.
import {
  type Attachment,
  type Button,
  clipText,
  inertReply,
  type Level,
  type Logger,
  type Reply,
  truncateText,
} from "@catops/core";
import { LEVEL_COLORS as HEX_LEVEL_COLORS, markError, mrkdwnReply, replyText } from "@catops/slack";
import { escapeDiscordText } from "./dialect.js";
import { type DiscordButton, type DiscordEmbed, type DiscordMessage, EPHEMERAL } from "./wire.js";

/** The same palette as the other connectors, as Discord's integer colours. */
export const LEVEL_COLORS = Object.fromEntries(
  Object.entries(HEX_LEVEL_COLORS).map(([level, color]) => [level, hexColor(color)]),
) as Readonly<Record<Level, number>>;

/** The cut every connector shares, still exported from here. */
export { truncateText };

/** Discord's documented message limits. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** All the text of all the embeds of one message. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
} as const;

export interface DiscordRenderOptions {
  /** An edit of an existing message: old embeds and buttons are cleared, flags cannot change. */
  edit?: boolean;
  /** How the command is typed, for a button whose command is too long to carry: '/catops'. */
  trigger?: string;
  /** Told at debug about attachment fields Discord has no place for. */
  logger?: Pick<Logger, "debug">;
}

const ERROR_MARK = "⚠️ ";
const STYLES = { primary: 1, danger: 4 } as const;
const SECONDARY = 2;

/** Renders a CatOps reply as a Discord message (an interaction response's data, or an edit). */
export function renderDiscordMessage(
  given: Reply,
  options: DiscordRenderOptions = {},
): DiscordMessage {
  // A Slack message payload is translated from Slack's markup, and pings nobody.
  const fromMrkdwn = given.markup === "mrkdwn";
  const reply = fromMrkdwn ? mrkdwnReply(given) : inertReply(given, escapeDiscordText);
  const { rows, overflow } = actionRows(reply.buttons ?? []);
  const trigger = options.trigger ?? "/catops";
  // Only markup the bot wrote itself (raw) has links to convert; user text stays as typed.
  const text = given.raw ? slackLinksToMarkdown(replyText(reply)) : replyText(reply);
  // Discord has no line above an embed: pretexts lead the message instead.
  const pretexts = (reply.attachments ?? []).flatMap((a) => (a.pretext ? [a.pretext] : []));
  const lines = [...pretexts, markError(text, reply.error, ERROR_MARK)];
  if (overflow.length > 0)
    lines.push(`To run: ${overflow.map((c) => `\`${trigger} ${c}\``).join(", ")}`);
  const message: DiscordMessage = {
    content: truncateText(lines.filter((line) => line !== "").join("\n"), DISCORD_LIMITS.content),
    // Nothing a plugin or user wrote pings anyone; the bot's own mentions (raw) may.
    allowed_mentions: { parse: given.raw && !fromMrkdwn ? ["users"] : [] },
  };
  const embeds = renderEmbeds(reply.attachments ?? []);
  logUnshown(reply.attachments ?? [], options.logger);
  if (embeds.length > 0 || options.edit) message.embeds = embeds;
  if (rows.length > 0 || options.edit) message.components = rows;
  if (reply.visibility === "ephemeral" && !options.edit) message.flags = EPHEMERAL;
  return message;
}

/** Slack's `<https://x|label>` links as Markdown links, which Discord shows. */
function slackLinksToMarkdown(text: string): string {
  return text.replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, "[$2]($1)");
}

function renderEmbeds(attachments: Attachment[]): DiscordEmbed[] {
  const embeds: DiscordEmbed[] = [];
  let budget: number = DISCORD_LIMITS.embedTotal;
  for (const attachment of attachments.slice(0, DISCORD_LIMITS.embeds)) {
    const embed = renderEmbed(attachment);
    const size = embedSize(embed);
    if (size > budget) break;
    budget -= size;
    embeds.push(embed);
  }
  return embeds;
}

function renderEmbed(attachment: Attachment): DiscordEmbed {
  const embed: DiscordEmbed = {};
  const color = attachment.color
    ? hexColor(attachment.color)
    : attachment.level
      ? LEVEL_COLORS[attachment.level]
      : undefined;
  if (attachment.title) embed.title = clipText(attachment.title, DISCORD_LIMITS.embedTitle);
  if (attachment.titleLink && /^https?:\/\//.test(attachment.titleLink))
    embed.url = attachment.titleLink;
  if (attachment.text)
    embed.description = truncateText(
      slackLinksToMarkdown(attachment.text),
      DISCORD_LIMITS.embedDescription,
    );
  if (color !== undefined) embed.color = color;
  if (attachment.fields?.length)
    embed.fields = attachment.fields.slice(0, DISCORD_LIMITS.embedFields).map((field) => ({
      name: clipText(field.title || "\u200b", DISCORD_LIMITS.fieldName),
      value: clipText(field.value || "\u200b", DISCORD_LIMITS.fieldValue),
      inline: field.short ?? false,
    }));
  if (attachment.footer) {
    embed.footer = { text: clipText(attachment.footer, DISCORD_LIMITS.footer) };
    if (isWebUrl(attachment.footerIcon)) embed.footer.icon_url = attachment.footerIcon;
  }
  if (attachment.authorName) {
    embed.author = { name: clipText(attachment.authorName, DISCORD_LIMITS.authorName) };
    if (isWebUrl(attachment.authorLink)) embed.author.url = attachment.authorLink;
    if (isWebUrl(attachment.authorIcon)) embed.author.icon_url = attachment.authorIcon;
  }
  if (isWebUrl(attachment.imageUrl)) embed.image = { url: attachment.imageUrl };
  if (isWebUrl(attachment.thumbUrl)) embed.thumbnail = { url: attachment.thumbUrl };
  const timestamp = isoTime(attachment.ts);
  if (timestamp) embed.timestamp = timestamp;
  return embed;
}

const isWebUrl = (url: string | undefined): url is string =>
  url !== undefined && /^https?:\/\//.test(url);

/** Slack's `ts`, seconds since the epoch as a number or a string, as ISO 8601. */
function isoTime(ts: number | string | undefined): string | undefined {
  const seconds = typeof ts === "string" ? Number(ts) : ts;
  if (seconds === undefined || !Number.isFinite(seconds) || ts === "") return undefined;
  return new Date(seconds * 1000).toISOString();
}

/** Fields an embed has no place for: said once per message, at debug. */
function logUnshown(attachments: readonly Attachment[], logger?: Pick<Logger, "debug">) {
  if (!logger) return;
  const unshown = new Set<string>();
  for (const attachment of attachments) {
    if (attachment.fallback !== undefined) unshown.add("fallback");
    if (attachment.footerIcon && !attachment.footer) unshown.add("footerIcon");
    if ((attachment.authorLink || attachment.authorIcon) && !attachment.authorName)
      unshown.add("authorLink/authorIcon");
  }
  if (unshown.size > 0)
    logger.debug("attachment fields Discord cannot show were left out", { fields: [...unshown] });
}

function embedSize(embed: DiscordEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

/** '#E01E5A' or 'E01E5A' as 0xE01E5A; Slack's named colours (good, warning, danger) too. */
export function hexColor(color: string): number | undefined {
  const named: Record<string, number> = { good: 0x2eb67d, warning: 0xecb22e, danger: 0xe01e5a };
  if (color in named) return named[color];
  const hex = /^#?([0-9a-f]{6})$/i.exec(color)?.[1];
  return hex ? Number.parseInt(hex, 16) : undefined;
}

/** The action and value a button carries, as Discord's custom_id: `catops.run:restart api`. */
export function customIdFor(button: Button): string {
  const action = button.action ?? "catops.run";
  const value = button.value ?? button.command;
  return value === undefined ? action : `${action}:${value}`;
}

/**
 * Buttons in rows of five, at most five rows; ids stay unique within the message. A command
 * too long for a custom_id is returned in `overflow`, to be shown as text.
 */
function actionRows(buttons: Button[]) {
  const elements: DiscordButton[] = [];
  const overflow: string[] = [];
  const seen = new Map<string, number>();
  for (const button of buttons) {
    let id = customIdFor(button);
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (count > 1) id = id.replace(/^([^:]*)/, `$1#${count}`);
    if (id.length > DISCORD_LIMITS.customId) {
      const command = button.action ? undefined : (button.value ?? button.command);
      if (command) overflow.push(command);
      continue;
    }
    elements.push({
      type: 2,
      style: button.style ? STYLES[button.style] : SECONDARY,
      label: clipText(button.text || "Run", DISCORD_LIMITS.buttonLabel),
      custom_id: id,
    });
  }
  const rows = [];
  const kept = elements.slice(0, DISCORD_LIMITS.buttonsPerRow * DISCORD_LIMITS.rows);
  for (let i = 0; i < kept.length; i += DISCORD_LIMITS.buttonsPerRow)
    rows.push({ type: 1 as const, components: kept.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
  return { rows, overflow };
}
