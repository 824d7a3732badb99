// The Microsoft Teams connector: Bot Framework activities at POST /teams/messages, each verified
// by its bearer JWT and acknowledged at once with an empty answer, as Bot Framework expects. A
// message then runs its command and the answer is sent through the Bot Connector as a reply to
// it; a press of a CatOps card button runs its action and edits the card in place or replies.
import {
  type CatOpsRequest,
  type CatOpsResponse,
  type CommandEvent,
  type Connector,
  type ConnectorKit,
  type Delivery,
  directChannels,
  envSetting,
  HttpError,
  inBackground,
  json,
  outboundOptions,
  type OutboundSettings,
  PlainResponse,
  readBody,
  type Reply,
} from "@catops/core";
import type { TokenCache } from "./access-token.js";
import { teamsDialect } from "./dialect.js";
import { openPersonalConversation } from "./direct.js";
import { activityUrl, classifyActivity, parseActivity } from "./parse.js";
import { botConnectorTokens, callBotConnector } from "./post.js";
import { renderTeamsMessage } from "./render.js";
import { checkTeamsToken, serviceUrlFailure, type TeamsTokenFailure } from "./verify.js";
import type { Activity } from "./wire.js";
import { TEAMS_MESSAGES_PATH, DEFAULT_TEAMS_SERVICE_URL } from "./constants.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (replies, tokens, keys). */
export interface TeamsConnectorOptions extends OutboundSettings {
  /** The bot's Microsoft app id. Default: CATOPS_TEAMS_APP_ID. Without one, every request is refused. */
  appId?: string;
  /** The app's client secret, for replies. Default: CATOPS_TEAMS_PASSWORD. */
  password?: string;
  /** A single-tenant bot's tenant. Default: CATOPS_TEAMS_TENANT_ID. */
  tenantId?: string;
  /** Default: CATOPS_TEAMS_OPENID_METADATA_URL, then Bot Framework's. */
  openIdMetadataUrl?: string;
  /** Default: CATOPS_TEAMS_TOKEN_URL, then Microsoft's endpoint for the tenant. */
  tokenUrl?: string;
  /**
   * Where messages that answer no activity (alerts) are sent, with the conversation id as the
   * channel. Default: CATOPS_TEAMS_SERVICE_URL, then https://smba.trafficmanager.net/teams/.
   */
  serviceUrl?: string;
}

/** The Microsoft Teams connector itself; `createTeamsConnector` loads it on first use. */
export function connectorFor(options: TeamsConnectorOptions = {}): Connector {
  let reportedMissingAppId = false;
  const tokenCaches = new Map<string, TokenCache>();
  const setting = (kit: ConnectorKit, key: string, explicit?: string) =>
    envSetting(kit.env, key, explicit);
  const serviceUrlFor = (kit: ConnectorKit) =>
    setting(kit, "CATOPS_TEAMS_SERVICE_URL", options.serviceUrl) ?? DEFAULT_TEAMS_SERVICE_URL;

  /** The 1:1 conversation with a user, created in the bot's tenant; there must be one set. */
  const directs = directChannels(async (userId, kit) => {
    const tenantId = setting(kit, "CATOPS_TEAMS_TENANT_ID", options.tenantId);
    if (!tenantId) return { error: "no Teams tenant (CATOPS_TEAMS_TENANT_ID) for a 1:1 chat" };
    const credentials = credentialsFor(kit);
    if (!credentials) return { error: "no Teams app credentials" };
    const tokens = tokensFor(credentials.appId, credentials.password, kit);
    let token: string;
    try {
      token = await tokens.get(kit.now());
    } catch (error) {
      return { error: (error as Error).message };
    }
    const opened = await openPersonalConversation(
      { serviceUrl: serviceUrlFor(kit), appId: credentials.appId, tenantId, userId },
      token,
      outboundOptions(options, kit),
    );
    if ("error" in opened && opened.status === 401) tokens.clear();
    return opened;
  });

  function credentialsFor(kit: ConnectorKit) {
    const appId = setting(kit, "CATOPS_TEAMS_APP_ID", options.appId);
    const password = setting(kit, "CATOPS_TEAMS_PASSWORD", options.password);
    return appId && password ? { appId, password } : undefined;
  }

  async function handle(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const appId = setting(kit, "CATOPS_TEAMS_APP_ID", options.appId);
    if (!appId) {
      if (!reportedMissingAppId) {
        kit.log.error("CATOPS_TEAMS_APP_ID is not set: every Teams request is refused");
        reportedMissingAppId = true;
      }
      throw refusal();
    }
    const checked = await checkTeamsToken({
      authorization: request.headers.get("authorization"),
      appId,
      openIdMetadataUrl: setting(
        kit,
        "CATOPS_TEAMS_OPENID_METADATA_URL",
        options.openIdMetadataUrl,
      ),
      now: kit.now(),
      fetch: options.fetch,
    });
    if ("failure" in checked) refuse(kit, checked.failure, checked.detail);
    const activity = parseActivity(await readBody(request, kit.bodyLimit));
    const mismatch = serviceUrlFailure(checked.claims, activity.serviceUrl);
    if (mismatch) refuse(kit, mismatch);

    const parsed = classifyActivity(activity);
    switch (parsed.kind) {
      case "other":
        kit.log.info("Teams activity acknowledged", { type: activity.type });
        return new PlainResponse(null, { status: 200 });
      case "command": {
        // Teams wants its answer within 15 s: acknowledge now, reply through the Bot Connector.
        await inBackground(kit, "Teams message", async () => {
          const reply = await kit.execute(parsed.event);
          if (reply) await sendOrLog(parsed.event, reply, kit);
        });
        return new PlainResponse(null, { status: 200 });
      }
      case "press": {
        const { event, action } = parsed;
        if (action)
          await inBackground(kit, "Teams card submit", async () => {
            const reply = await kit.act(action, event);
            if (reply) await sendOrLog(event, reply, kit);
          });
        else kit.log.info("Teams card submit acknowledged", { reason: "not a CatOps button" });
        if (!parsed.invoke) return new PlainResponse(null, { status: 200 });
        // Action.Execute wants an invoke response; the answer comes as a message of its own.
        return json({
          statusCode: 200,
          type: "application/vnd.microsoft.activity.message",
          value: "",
        });
      }
    }
  }

  async function sendOrLog(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<void> {
    const delivery = await deliver(event, reply, kit);
    if (delivery.error) kit.log.error("Teams reply not delivered", { error: delivery.error });
  }

  /**
   * Sends a reply through the Bot Connector: an edit of the pressed card when the reply replaces
   * it, else a reply to the event's activity, else (alerts) a new message in the conversation
   * named by the event's channel. A direct message's conversation is created first.
   */
  async function deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery> {
    const credentials = credentialsFor(kit);
    if (!credentials) {
      kit.log.warn("Teams reply dropped: CATOPS_TEAMS_APP_ID and CATOPS_TEAMS_PASSWORD are needed");
      return { error: "no Teams app credentials for replies" };
    }
    const direct = await directs.resolve(event, kit);
    if ("error" in direct) return { error: direct.error };
    return deliverTo(direct.event, reply, credentials, kit);
  }

  async function deliverTo(
    event: CommandEvent,
    reply: Reply,
    { appId, password }: { appId: string; password: string },
    kit: ConnectorKit,
  ): Promise<Delivery> {
    const target = targetOf(event, reply, kit);
    if (!target) {
      kit.log.warn("Teams reply dropped: the event has no activity or conversation to answer");
      return { error: "no activity or conversation to answer" };
    }
    let token: string;
    const tokens = tokensFor(appId, password, kit);
    try {
      token = await tokens.get(kit.now());
    } catch (error) {
      return { error: (error as Error).message };
    }
    const message = renderTeamsMessage(reply);
    const body = target.method === "PUT" ? { ...message, id: target.activityId } : message;
    const result = await callBotConnector(
      { method: target.method, url: target.url, body, what: target.what },
      token,
      outboundOptions(options, kit),
    );
    if (result.status === 401) tokens.clear();
    if (!result.ok) return { error: `${target.what}: ${result.error ?? "failed"}` };
    if (target.method === "PUT") return { messageId: target.activityId };
    const id = (result.body as { id?: unknown } | undefined)?.id;
    return typeof id === "string" ? { threadId: id, messageId: id } : {};
  }

  function targetOf(event: CommandEvent, reply: Reply, kit: ConnectorKit) {
    const activity = event.source === "teams" ? (event.raw as Activity | undefined) : undefined;
    if (activity?.serviceUrl && activity.conversation?.id) {
      if (reply.replaceOriginal && activity.replyToId)
        return {
          method: "PUT" as const,
          what: "edit",
          activityId: activity.replyToId,
          url: activityUrl(activity.serviceUrl, activity.conversation.id, activity.replyToId),
        };
      if (event.responseUrl)
        return { method: "POST" as const, what: "reply", url: event.responseUrl };
    }
    if (!event.channel?.id) return undefined;
    const serviceUrl = serviceUrlFor(kit);
    // An edit of a message the bot posted (an alert card changing state).
    if (reply.replaces)
      return {
        method: "PUT" as const,
        what: "edit",
        activityId: reply.replaces,
        url: activityUrl(serviceUrl, event.channel.id, reply.replaces),
      };
    // A follow-up (an alert resolving) answers the message it follows, in its thread.
    return {
      method: "POST" as const,
      what: event.threadId ? "reply" : "message",
      url: activityUrl(serviceUrl, event.channel.id, event.threadId),
    };
  }

  function tokensFor(appId: string, password: string, kit: ConnectorKit): TokenCache {
    const tenantId = setting(kit, "CATOPS_TEAMS_TENANT_ID", options.tenantId);
    const tokenUrl = setting(kit, "CATOPS_TEAMS_TOKEN_URL", options.tokenUrl);
    const key = [appId, tenantId, tokenUrl].join("\n");
    let tokens = tokenCaches.get(key);
    if (!tokens) {
      tokens = botConnectorTokens(
        { appId, password, tenantId, tokenUrl },
        { fetch: options.fetch, timeoutMs: options.timeoutMs, log: kit.log },
      );
      tokenCaches.set(key, tokens);
    }
    return tokens;
  }

  return {
    name: "teams",
    paths: [TEAMS_MESSAGES_PATH],
    handle,
    deliver,
    dialect: teamsDialect,
  };
}

/** Bot Framework must see a 401 for a bad token; the log says which check failed. */
function refuse(kit: ConnectorKit, reason: TeamsTokenFailure, detail?: string): never {
  const fields = detail ? { reason, detail } : { reason };
  if (reason === "keys unavailable") kit.log.error("Teams request refused", fields);
  else kit.log.warn("Teams request refused", fields);
  throw refusal();
}

function refusal(): HttpError {
  return new HttpError(401, "invalid token");
}
