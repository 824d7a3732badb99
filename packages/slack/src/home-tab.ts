// The Home tab: the core's Home view as a Slack `home` view for `views.publish`, each section a
// header, each item a mrkdwn section with its button beside it (or a row of buttons).
import { type Button, clipText, type HomeView } from "@catops/core";
import type { AnyBlock, HomeView as SlackHomeView } from "@slack/types";
import { escapeSlackText } from "./dialect.js";
import { renderButton, SLACK_LIMITS } from "./render.js";

/** Slack allows 100 blocks in a Home tab. */
const MAX_BLOCKS = 100;
const HEADER_TEXT = 150;

export function homeTabView(home: HomeView): SlackHomeView {
  const blocks: AnyBlock[] = [];
  for (const section of home.sections) {
    if (blocks.length > 0) blocks.push({ type: "divider" });
    blocks.push({
      type: "header",
      text: { type: "plain_text", text: clipText(section.title, HEADER_TEXT) },
    });
    if (section.items.length === 0 && section.empty)
      blocks.push({
        type: "context",
        elements: [{ type: "mrkdwn", text: escapeSlackText(section.empty) }],
      });
    for (const item of section.items) blocks.push(...itemBlocks(item.text, item.buttons ?? []));
  }
  // Cut at a section boundary's worth of room: what is left out is the end of the longest lists.
  return { type: "home", blocks: blocks.slice(0, MAX_BLOCKS) };
}

function itemBlocks(text: string, buttons: Button[]): AnyBlock[] {
  const section = {
    type: "section" as const,
    text: { type: "mrkdwn" as const, text: clipText(text || " ", SLACK_LIMITS.sectionText) },
  };
  if (buttons.length === 0) return [section];
  if (buttons.length === 1) return [{ ...section, accessory: renderButton(buttons[0]!) }];
  return [section, { type: "actions", elements: buttons.slice(0, 25).map(renderButton) }];
}
