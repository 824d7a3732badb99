// The Slack connector: one Request URL (POST /slack/events) for slash commands, the Events API
// and interactivity, as Bolt does. Verify, parse, hand a command event to the core, render.
import {
  type CatOpsRequest,
  type CatOpsResponse,
  type CommandEvent,
  type Connector,
  type ConnectorKit,
  type Delivery,
  envSetting,
  HttpError,
  outboundOptions,
  type OutboundSettings,
  json,
  PlainResponse,
  readBody,
  type Reply,
} from "@catops/core";
import { createAnswer } from "./answer.js";
import { EVENT_DEDUPE_TTL_SECONDS, SLACK_EVENTS_PATH } from "./constants.js";
import { slackDialect } from "./dialect.js";
import { parseSlackRequest, socketModeRequest } from "./parse.js";
import { renderSlackMessage, type SlackMessage, toPostMessage } from "./render.js";
import { slackSignatureFailure } from "./verify.js";
import {
  createSlackWebClient,
  DEFAULT_SLACK_API_URL,
  postToResponseUrl,
  type SlackWebClient,
} from "./web-api.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (late replies). */
export interface SlackConnectorOptions extends OutboundSettings {
  /** Default: the SLACK_SIGNING_SECRET setting. Without one, every request is refused. */
  signingSecret?: string;
  /** Default: the SLACK_BOT_TOKEN setting. Needed for replies to mentions and direct messages. */
  botToken?: string;
  /** Base URL of Slack's Web API. Default: CATOPS_SLACK_API_URL, then https://slack.com/api. */
  apiUrl?: string;
}

export { EVENT_DEDUPE_TTL_SECONDS, SLACK_EVENTS_PATH };

/** The Slack connector, which also takes Socket Mode envelopes (see `@catops/node`'s server). */
export interface SlackConnector extends Connector {
  name: "slack";
  /** A Socket Mode envelope of the given type: the payload its acknowledgement carries. */
  receive(type: string, payload: unknown, kit: ConnectorKit): Promise<unknown>;
}

/** Base URL of Slack's Web API: the option, then CATOPS_SLACK_API_URL, then Slack's own. */
export function slackApiUrl(options: { apiUrl?: string }, kit: Pick<ConnectorKit, "env">): string {
  return options.apiUrl ?? envSetting(kit.env, "CATOPS_SLACK_API_URL") ?? DEFAULT_SLACK_API_URL;
}

export function isSlackConnector(connector: Connector | undefined): connector is SlackConnector {
  return connector?.name === "slack" && typeof (connector as SlackConnector).receive === "function";
}

export function createSlackConnector(options: SlackConnectorOptions = {}): SlackConnector {
  let reportedMissingSecret = false;

  const httpOptions = (kit: ConnectorKit) => outboundOptions(options, kit);

  async function handle(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const signingSecret = envSetting(kit.env, "SLACK_SIGNING_SECRET", options.signingSecret);
    if (!signingSecret) {
      if (!reportedMissingSecret) {
        kit.log.error("SLACK_SIGNING_SECRET is not set: every Slack request is refused");
        reportedMissingSecret = true;
      }
      throw new HttpError(401, "invalid signature");
    }
    const body = await readBody(request, kit.bodyLimit);
    const failure = await slackSignatureFailure({
      signingSecret,
      timestamp: request.headers.get("x-slack-request-timestamp"),
      signature: request.headers.get("x-slack-signature"),
      body,
      now: kit.now(),
      hmacSha256: kit.hmacSha256,
    });
    if (failure) {
      kit.log.warn("Slack request refused", { reason: failure });
      throw new HttpError(401, "invalid signature");
    }

    const parsed = parseSlackRequest(body, request.headers.get("content-type"));
    const { body: answerBody } = await answer(parsed, kit, {
      retryNum: request.headers.get("x-slack-retry-num"),
      retryReason: request.headers.get("x-slack-retry-reason"),
    });
    return answerBody === undefined ? ack() : json(answerBody);
  }

  /**
   * A Socket Mode envelope (`events_api`, `slash_commands`, `interactive`): the payload the
   * acknowledgement carries, or undefined. The WebSocket is authenticated, so nothing is signed.
   */
  async function receive(type: string, payload: unknown, kit: ConnectorKit): Promise<unknown> {
    return (await answer(socketModeRequest(type, payload), kit)).body;
  }

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

  const { answer } = createAnswer({ deliver, client: webClient });

  return {
    name: "slack",
    paths: [SLACK_EVENTS_PATH],
    handle,
    deliver,
    receive,
    forms: true,
    dialect: slackDialect,
    // Retrying cannot fix a bad signature or a bad body: Slack is told not to.
    refusalHeaders: { "x-slack-no-retry": "1" },
  };
}

function ack(): PlainResponse {
  return new PlainResponse(null, { status: 200 });
}
