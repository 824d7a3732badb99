// The Slack connector: one Request URL (POST /slack/events) for slash commands, the Events API
// and interactivity, as Bolt does. Verify, parse, hand a command event to the core, render.
import {
  type CatOpsRequest,
  type CatOpsResponse,
  type CommandEvent,
  type Connector,
  type ConnectorKit,
  envSetting,
  HttpError,
  isThenable,
  type OutboundSettings,
  json,
  onFirstUse,
  PlainResponse,
  bodyText,
  type Reply,
} from "@catops/core";
import { createAnswer, type SlackAnswer } from "./answer.js";
import { EVENT_DEDUPE_TTL_SECONDS, SLACK_EVENTS_PATH } from "./constants.js";
import { slackDialect } from "./dialect.js";
import { parseSlackRequest } from "./parse.js";
import { signatureFailure } from "./verify.js";

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

export function isSlackConnector(connector: Connector | undefined): connector is SlackConnector {
  return connector?.name === "slack" && typeof (connector as SlackConnector).receive === "function";
}

export function createSlackConnector(options: SlackConnectorOptions = {}): SlackConnector {
  let reportedMissingSecret = false;

  /**
   * Verifies and answers a request: at once where the body is in memory, the HMAC synchronous
   * (node:crypto) and the command answered at once; a promise otherwise. A refusal is thrown
   * (or the promise rejected) as an HttpError.
   */
  function handle(
    request: CatOpsRequest,
    kit: ConnectorKit,
  ): CatOpsResponse | Promise<CatOpsResponse> {
    const signingSecret = envSetting(kit.env, "SLACK_SIGNING_SECRET", options.signingSecret);
    if (!signingSecret) {
      if (!reportedMissingSecret) {
        kit.log.error("SLACK_SIGNING_SECRET is not set: every Slack request is refused");
        reportedMissingSecret = true;
      }
      throw new HttpError(401, "invalid signature");
    }
    const read = bodyText(request, kit.bodyLimit);
    return isThenable(read)
      ? read.then((body) => verified(request, body, signingSecret, kit))
      : verified(request, read, signingSecret, kit);
  }

  function verified(
    request: CatOpsRequest,
    body: string,
    signingSecret: string,
    kit: ConnectorKit,
  ): CatOpsResponse | Promise<CatOpsResponse> {
    const checked = signatureFailure({
      signingSecret,
      timestamp: request.headers.get("x-slack-request-timestamp"),
      signature: request.headers.get("x-slack-signature"),
      body,
      now: kit.now(),
      hmacSha256: kit.hmacSha256,
    });
    return isThenable(checked)
      ? checked.then((failure) => answered(request, body, failure, kit))
      : answered(request, body, checked, kit);
  }

  function answered(
    request: CatOpsRequest,
    body: string,
    failure: string | undefined,
    kit: ConnectorKit,
  ): CatOpsResponse | Promise<CatOpsResponse> {
    if (failure) {
      kit.log.warn("Slack request refused", { reason: failure });
      throw new HttpError(401, "invalid signature");
    }
    const parsed = parseSlackRequest(body, request.headers.get("content-type"));
    const answer = answerOf(parsed, kit, request.headers);
    return isThenable(answer) ? answer.then(toResponse) : toResponse(answer);
  }

  /**
   * A Socket Mode envelope (`events_api`, `slash_commands`, `interactive`): the payload the
   * acknowledgement carries, or undefined. The WebSocket is authenticated, so nothing is signed.
   */
  async function receive(type: string, payload: unknown, kit: ConnectorKit): Promise<unknown> {
    const { socketModeRequest } = await import("./socket-mode-request.js");
    return (await answerOf(socketModeRequest(type, payload), kit)).body;
  }

  // Late replies and Web API calls load with the first one: a slash command answered in its
  // response never needs them.
  const delivery = onFirstUse(async () => (await import("./on-demand.js")).slackDelivery(options));
  const deliver = async (event: CommandEvent, reply: Reply, kit: ConnectorKit) =>
    (await delivery()).deliver(event, reply, kit);
  const client = async (kit: ConnectorKit) => (await delivery()).webClient(kit);

  const { answer: answerOf } = createAnswer({ deliver, client });

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

function toResponse({ body }: SlackAnswer): CatOpsResponse {
  return body === undefined ? ack() : json(body);
}
