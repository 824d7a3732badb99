// Only the fields of Mattermost's payloads that CatOps writes or reads. Everything else passes
// through in `raw`.
import type { SlackStyleAttachment } from "@catops/slack";

/** A slash command response or a message for a `response_url`. */
export interface MattermostMessage {
  response_type: "in_channel" | "ephemeral";
  /** Markdown. */
  text: string;
  /** Slack-style attachments, which Mattermost renders (colour bar, title, fields, buttons). */
  attachments?: MattermostAttachment[];
}

/** Slack's attachment format, which Mattermost reads, with Mattermost's interactive buttons. */
export interface MattermostAttachment extends Partial<SlackStyleAttachment> {
  actions?: MattermostAction[];
}

/** An interactive button: Mattermost POSTs `integration.context` to `integration.url` when pressed. */
export interface MattermostAction {
  /** Letters and digits only: Mattermost puts it in a URL path. */
  id: string;
  type: "button";
  name: string;
  style?: "default" | "primary" | "danger";
  integration: { url: string; context: ActionContext };
}

/** What a CatOps button carries, signed so a forged press is refused. */
export interface ActionContext {
  action: string;
  value?: string;
  /** The response_url of the command the button answered: where in-channel results go. */
  response_url?: string;
  /** Hex HMAC-SHA256 of the fields above, keyed with the slash command's token. */
  signature: string;
}

/** The JSON Mattermost POSTs to a button's integration URL. */
export interface ActionRequest {
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  post_id?: string;
  trigger_id?: string;
  type?: string;
  context?: Record<string, unknown>;
}

/** The answer to a button press: replace the post, and/or tell the presser something. */
export interface ActionResponse {
  update?: { message: string; props: { attachments?: MattermostAttachment[] } };
  ephemeral_text?: string;
}
