// Late replies for the Slack connector: to the response_url, else to the channel with
// chat.postMessage (or chat.update for an edit), through the Web API with the bot token. Loaded
// on the first late reply or Web API call.
import {
  type CommandEvent,
  type ConnectorKit,
  type Delivery,
  envSetting,
  outboundOptions,
  type Reply,
} from "@catops/core";
import type { SlackConnectorOptions } from "./connector.js";
import { renderSlackMessage, type SlackMessage, toPostMessage } from "./render.js";
import {
  createSlackWebClient,
  DEFAULT_SLACK_API_URL,
  postToResponseUrl,
  type SlackWebClient,
} from "./web-api.js";

/** Base URL of Slack's Web API: the option, then CATOPS_SLACK_API_URL, then Slack's own. */
export function slackApiUrl(options: { apiUrl?: string }, kit: Pick<ConnectorKit, "env">): string {
  return options.apiUrl ?? envSetting(kit.env, "CATOPS_SLACK_API_URL") ?? DEFAULT_SLACK_API_URL;
}

export function slackDelivery(options: SlackConnectorOptions) {
  const httpOptions = (kit: ConnectorKit) => outboundOptions(options, kit);

  /**
   * Sends a late reply: to the response_url when there is one, else to the channel (thread).
   * Failures are retried, logged, and reported as `{ error }` so a job can record them.
   */
  async function deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery> {
    const message = renderSlackMessage(reply, { logger: kit.log });
    let failure: string | undefined;
    if (event.responseUrl) {
      const result = await postToResponseUrl(
        event.responseUrl,
        { ...message, replace_original: message.replace_original ?? false },
        httpOptions(kit),
      );
      if (result.ok) return {};
      failure = `response_url: ${result.error ?? "failed"}`;
      // An expired or used-up response_url: a public reply can still go to the channel.
      if (result.status === undefined || message.response_type !== "in_channel")
        return { error: failure };
    }
    if (event.channel?.id && reply.replaces)
      return updateInChannel(event.channel.id, reply.replaces, message, kit);
    if (event.channel?.id) {
      const posted = await postToChannel(event.channel.id, event.threadId, message, kit);
      return posted.error && failure ? { error: `${failure}; ${posted.error}` } : posted;
    }
    if (failure) return { error: failure };
    kit.log.warn("Slack reply dropped: the event has no response_url and no channel");
    return { error: "the event has no response_url and no channel" };
  }

  /** Posts with chat.postMessage: the posted message's ts as the thread, or why it failed. */
  async function postToChannel(
    channel: string,
    threadTs: string | undefined,
    message: SlackMessage,
    kit: ConnectorKit,
  ): Promise<Delivery> {
    const client = webClient(kit);
    if (!client) return { error: "chat.postMessage: SLACK_BOT_TOKEN is not set" };
    const result = await client.postMessage(toPostMessage(message, channel, threadTs));
    if (!result.ok) return { error: `chat.postMessage: ${result.error ?? "failed"}` };
    const ts = (result.body as { ts?: unknown } | undefined)?.ts;
    return typeof ts === "string" ? { threadId: ts, messageId: ts } : {};
  }

  /** Edits a posted message in place with chat.update (an alert card changing state). */
  async function updateInChannel(
    channel: string,
    ts: string,
    message: SlackMessage,
    kit: ConnectorKit,
  ): Promise<Delivery> {
    const client = webClient(kit);
    if (!client) return { error: "chat.update: SLACK_BOT_TOKEN is not set" };
    const { thread_ts: _thread, ...content } = toPostMessage(message, channel);
    const result = await client.update({ ...content, ts });
    if (!result.ok) return { error: `chat.update: ${result.error ?? "failed"}` };
    return { messageId: ts };
  }

  /** The Web API with the bot token; undefined, logged, without one. */
  function webClient(kit: ConnectorKit): SlackWebClient | undefined {
    const token = envSetting(kit.env, "SLACK_BOT_TOKEN", options.botToken);
    if (!token) {
      kit.log.error("SLACK_BOT_TOKEN is not set: cannot call Slack's Web API");
      return undefined;
    }
    return createSlackWebClient({ ...httpOptions(kit), token, apiUrl: slackApiUrl(options, kit) });
  }

  return { deliver, webClient };
}
