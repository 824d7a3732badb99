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
  inBackground,
  outboundOptions,
  type OutboundSettings,
  json,
  PlainResponse,
  readBody,
  type Reply,
} from "@catops/core";
import { slackDialect } from "./dialect.js";
import { eventCommand } from "./events.js";
import { interactionAction } from "./interactions.js";
import { parseSlackRequest, slashCommandEvent } from "./parse.js";
import { renderSlackMessage, type SlackMessage, toPostMessage } from "./render.js";
import { slackSignatureFailure } from "./verify.js";
import { createSlackWebClient, DEFAULT_SLACK_API_URL, postToResponseUrl } from "./web-api.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (late replies). */
export interface SlackConnectorOptions extends OutboundSettings {
  /** Default: the SLACK_SIGNING_SECRET setting. Without one, every request is refused. */
  signingSecret?: string;
  /** Default: the SLACK_BOT_TOKEN setting. Needed for replies to mentions and direct messages. */
  botToken?: string;
  /** Base URL of Slack's Web API. Default: CATOPS_SLACK_API_URL, then https://slack.com/api. */
  apiUrl?: string;
}

export const SLACK_EVENTS_PATH = "/slack/events";
/** How long an Events API event_id is remembered, so Slack's retries never run a command twice. */
export const EVENT_DEDUPE_TTL_SECONDS = 3600;

export function createSlackConnector(options: SlackConnectorOptions = {}): Connector {
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
    switch (parsed.kind) {
      case "ssl_check":
        return ack();
      case "url_verification":
        return json({ challenge: parsed.challenge });
      case "command": {
        const reply = await kit.execute(slashCommandEvent(parsed.params));
        return reply ? json(renderSlackMessage(reply, { logger: kit.log })) : ack();
      }
      case "event_callback": {
        const { envelope } = parsed;
        const decision = eventCommand(envelope);
        if ("ignore" in decision) {
          kit.log.debug("Slack event ignored", {
            reason: decision.ignore,
            eventId: envelope.event_id,
          });
          return ack();
        }
        const eventId = envelope.event_id;
        const first =
          !eventId ||
          (await kit.store.setIfAbsent(`slack:event:${eventId}`, kit.now(), {
            ttlSeconds: EVENT_DEDUPE_TTL_SECONDS,
          }));
        if (!first) {
          kit.log.info("Slack event already handled; retry ignored", {
            eventId,
            retryNum: request.headers.get("x-slack-retry-num"),
            retryReason: request.headers.get("x-slack-retry-reason"),
          });
          return ack();
        }
        // Slack wants its answer within 3 s: acknowledge now, reply in the thread afterwards.
        await inBackground(kit, "Slack event", async () => {
          const reply = await kit.execute(decision.event);
          if (reply) await deliver(decision.event, reply, kit);
        });
        return ack();
      }
      case "interaction": {
        const decision = interactionAction(parsed.payload);
        if ("ignore" in decision) {
          kit.log.info("Slack interaction acknowledged", { reason: decision.ignore });
          return ack();
        }
        await inBackground(kit, "Slack interaction", async () => {
          const reply = await kit.act(decision.action, decision.event);
          if (reply) await deliver(decision.event, reply, kit);
        });
        return ack();
      }
      case "other_event":
        kit.log.info("Slack Events API request acknowledged", { type: parsed.type });
        return ack();
    }
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
    const token = envSetting(kit.env, "SLACK_BOT_TOKEN", options.botToken);
    if (!token) {
      kit.log.error("SLACK_BOT_TOKEN is not set: cannot post the reply", { channel });
      return { error: "chat.postMessage: SLACK_BOT_TOKEN is not set" };
    }
    const client = createSlackWebClient({
      ...httpOptions(kit),
      token,
      apiUrl:
        options.apiUrl ?? envSetting(kit.env, "CATOPS_SLACK_API_URL") ?? DEFAULT_SLACK_API_URL,
    });
    const result = await client.postMessage(toPostMessage(message, channel, threadTs));
    if (!result.ok) return { error: `chat.postMessage: ${result.error ?? "failed"}` };
    const ts = (result.body as { ts?: unknown } | undefined)?.ts;
    return typeof ts === "string" ? { threadId: ts } : {};
  }

  return {
    name: "slack",
    paths: [SLACK_EVENTS_PATH],
    handle,
    deliver,
    dialect: slackDialect,
    // Retrying cannot fix a bad signature or a bad body: Slack is told not to.
    refusalHeaders: { "x-slack-no-retry": "1" },
  };
}

function ack(): PlainResponse {
  return new PlainResponse(null, { status: 200 });
}
