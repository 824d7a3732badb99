// Reply → Slack message: mrkdwn text, Block Kit blocks passed through, buttons as an actions
// block, attachments in the level's colour, all cut to fit Slack's limits.
import {
  type Attachment,
  attachmentFallback,
  type Button,
  clipText,
  inertReply,
  isHighSurrogate,
  type Logger,
  type Reply,
  truncateText,
} from "@catops/core";
import { slackStyleAttachment } from "./attachment.js";
import { escapeSlackText } from "./dialect.js";
import { LEVEL_COLORS } from "./levels.js";
import { markError } from "./error-mark.js";
import type {
  ActionsBlock,
  AnyBlock,
  Button as SlackButton,
  MessageAttachment,
  SectionBlock,
} from "@slack/types";

/** The palette and the cut every connector shares, still exported from here. */
export { LEVEL_COLORS, truncateText };

/** A message for a slash command response, a `response_url` or (less the last two) `chat.postMessage`. */
export interface SlackMessage {
  /** mrkdwn; the notification fallback when there are blocks. */
  text: string;
  blocks?: AnyBlock[];
  attachments?: MessageAttachment[];
  /** Who sees it. */
  response_type: "in_channel" | "ephemeral";
  /** Replace the message a button was pressed on (response_url only). */
  replace_original?: boolean;
}

/** Slack's documented limits. */
export const SLACK_LIMITS = {
  text: 40_000,
  blocks: 50,
  sectionText: 3000,
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
} as const;

export interface RenderOptions {
  /** Told about what Slack's limits made the message leave out. */
  logger?: Pick<Logger, "warn">;
}

/** Renders a CatOps reply as a Slack message; text not marked `raw` is escaped, so it is inert. */
export function renderSlackMessage(given: Reply, options: RenderOptions = {}): SlackMessage {
  const reply = inertReply(given, escapeSlackText);
  const text = markError(reply.text ?? "", reply.error);
  const actions = reply.buttons?.length ? actionsBlocks(reply.buttons, options.logger) : [];
  const message: SlackMessage = {
    text: truncateText(text || attachmentFallback(reply.attachments), SLACK_LIMITS.text),
    response_type: reply.visibility ?? "in_channel",
  };
  if (reply.blocks || actions.length > 0) {
    // With blocks, Slack shows only the blocks: the text needs a section of its own.
    const content = (reply.blocks as AnyBlock[] | undefined) ?? textSections(text);
    const room = SLACK_LIMITS.blocks - actions.length;
    message.blocks = [...content.slice(0, Math.max(0, room)), ...actions].slice(
      0,
      SLACK_LIMITS.blocks,
    );
  }
  if (reply.attachments?.length) message.attachments = renderAttachments(reply.attachments);
  if (reply.replaceOriginal) message.replace_original = true;
  return message;
}

/** The message body for `chat.postMessage`: the same message less the response-only fields. */
export function toPostMessage(
  message: SlackMessage,
  channel: string,
  threadTs?: string,
): Record<string, unknown> {
  const { response_type: _visibility, replace_original: _replace, ...content } = message;
  return { channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...content };
}

function renderAttachments(attachments: readonly Attachment[]): MessageAttachment[] {
  // Slack takes `ts` as a number too (its docs show one), though @slack/types says string.
  return attachments.map(
    (a) =>
      ({
        ...slackStyleAttachment(a, SLACK_LIMITS.text),
        mrkdwn_in: a.mrkdwnIn ?? ["pretext", "text", "fields"],
      }) as MessageAttachment,
  );
}

/**
 * Buttons as actions blocks of at most 25; ids stay unique within each block. A button whose
 * value Slack would refuse (the whole message with it) is left out, with a warning.
 */
function actionsBlocks(buttons: Button[], logger?: Pick<Logger, "warn">): ActionsBlock[] {
  const fits = (button: Button) => {
    const length = (button.value ?? button.command ?? "").length;
    if (length <= SLACK_LIMITS.buttonValue) return true;
    logger?.warn("button left out: its command is longer than Slack's limit for a button value", {
      button: button.text,
      length,
      limit: SLACK_LIMITS.buttonValue,
    });
    return false;
  };
  const elements = buttons.filter(fits).map(renderButton);
  const blocks: ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.actionsPerBlock) {
    const seen = new Map<string, number>();
    const chunk = elements.slice(i, i + SLACK_LIMITS.actionsPerBlock).map((element) => {
      const count = (seen.get(element.action_id!) ?? 0) + 1;
      seen.set(element.action_id!, count);
      return count === 1 ? element : { ...element, action_id: `${element.action_id}#${count}` };
    });
    blocks.push({ type: "actions", elements: chunk });
  }
  return blocks;
}

export function renderButton(button: Button): SlackButton {
  const value = button.value ?? button.command;
  const element: SlackButton = {
    type: "button",
    text: { type: "plain_text", text: clipText(button.text || "Run", SLACK_LIMITS.buttonText) },
    action_id: clipText(button.action ?? "catops.run", SLACK_LIMITS.actionId - 4),
  };
  if (value !== undefined) element.value = value;
  if (button.style) element.style = button.style;
  return element;
}

/** Text as mrkdwn sections of at most 3000 characters, split at line ends where possible. */
function textSections(text: string): SectionBlock[] {
  if (text === "") return [];
  const sections: SectionBlock[] = [];
  let rest = truncateText(text, SLACK_LIMITS.sectionText * SLACK_LIMITS.blocks);
  while (rest.length > 0) {
    let cut = rest.length;
    if (cut > SLACK_LIMITS.sectionText) {
      const lineEnd = rest.lastIndexOf("\n", SLACK_LIMITS.sectionText);
      cut = lineEnd > SLACK_LIMITS.sectionText / 2 ? lineEnd : SLACK_LIMITS.sectionText;
      if (isHighSurrogate(rest.charCodeAt(cut - 1))) cut -= 1;
    }
    sections.push({ type: "section", text: { type: "mrkdwn", text: rest.slice(0, cut) } });
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  return sections;
}
