// The Google Chat connector: interaction events at POST /google-chat/events, each verified by
// its bearer token. A message runs its command and is answered in the HTTP response (Chat's
// synchronous reply); a click on a CatOps card button runs its action and updates the card or
// adds a message. Late replies and alerts go through the Chat API as the app's service account.
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
  json,
  outboundOptions,
  type OutboundSettings,
  readBody,
  type Reply,
} from "@catops/core";
import type { TokenCache } from "@catops/teams";
import { googleChatDialect } from "./dialect.js";
import { classifyChatEvent, parseChatEvent } from "./parse.js";
import {
  callGoogleChat,
  createMessageUrl,
  DEFAULT_GOOGLE_CHAT_API_URL,
  findDirectMessageUrl,
  parseServiceAccount,
  patchMessageUrl,
  serviceAccountTokens,
} from "./post.js";
import { renderGoogleChatMessage } from "./render.js";
import { googleChatTokenFailure } from "./verify.js";
import type { ChatEvent } from "./wire.js";
import { GOOGLE_CHAT_EVENTS_PATH } from "./constants.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (late replies, tokens). */
export interface GoogleChatConnectorOptions extends OutboundSettings {
  /**
   * The tokens' audience: the project number, or the endpoint URL (comma-separated for both).
   * Default: CATOPS_GOOGLE_CHAT_AUDIENCE. Without one, every request is refused.
   */
  audience?: string;
  /** The service account's JSON key, for late replies. Default: CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY. */
  serviceAccount?: string;
  /** Default: CATOPS_GOOGLE_CHAT_API_URL, then https://chat.googleapis.com. */
  apiUrl?: string;
  /** Default: CATOPS_GOOGLE_CHAT_TOKEN_URL, then the key's token_uri. */
  tokenUrl?: string;
  /** Default: CATOPS_GOOGLE_CHAT_JWKS_URL, then Google's keys for chat@system.gserviceaccount.com. */
  chatJwksUrl?: string;
  /** Default: CATOPS_GOOGLE_CHAT_ID_TOKEN_JWKS_URL, then Google's ID-token keys. */
  idTokenJwksUrl?: string;
}

/** The Google Chat connector itself; `createGoogleChatConnector` loads it on first use. */
export function connectorFor(options: GoogleChatConnectorOptions = {}): Connector {
  let reportedMissingAudience = false;
  const tokenCaches = new Map<string, TokenCache>();
  const setting = (kit: ConnectorKit, key: string, explicit?: string) =>
    envSetting(kit.env, key, explicit);

  async function handle(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const audience = setting(kit, "CATOPS_GOOGLE_CHAT_AUDIENCE", options.audience);
    if (!audience) {
      if (!reportedMissingAudience) {
        kit.log.error(
          "CATOPS_GOOGLE_CHAT_AUDIENCE is not set: every Google Chat request is refused",
        );
        reportedMissingAudience = true;
      }
      throw refusal();
    }
    const failure = await googleChatTokenFailure({
      authorization: request.headers.get("authorization"),
      audience,
      chatJwksUrl: setting(kit, "CATOPS_GOOGLE_CHAT_JWKS_URL", options.chatJwksUrl),
      idTokenJwksUrl: setting(kit, "CATOPS_GOOGLE_CHAT_ID_TOKEN_JWKS_URL", options.idTokenJwksUrl),
      now: kit.now(),
    });
    if (failure) {
      const log = failure === "keys unavailable" ? kit.log.error : kit.log.warn;
      log.call(kit.log, "Google Chat request refused", { reason: failure });
      throw refusal();
    }
    const parsed = classifyChatEvent(parseChatEvent(await readBody(request, kit.bodyLimit)));
    switch (parsed.kind) {
      case "other":
        kit.log.info("Google Chat event acknowledged", { type: parsed.chatEvent.type });
        return json({});
      case "command": {
        const reply = await kit.execute(parsed.event);
        return json(reply ? renderGoogleChatMessage(reply) : {});
      }
      case "press": {
        const { event, action } = parsed;
        if (!action) {
          kit.log.info("Google Chat click acknowledged", { reason: "not a CatOps button" });
          return json({});
        }
        const reply = await kit.act(action, event);
        if (!reply) return json({});
        const type = reply.replaceOriginal ? "UPDATE_MESSAGE" : "NEW_MESSAGE";
        return json({ actionResponse: { type }, ...renderGoogleChatMessage(reply) });
      }
    }
  }

  const apiUrlFor = (kit: ConnectorKit) =>
    setting(kit, "CATOPS_GOOGLE_CHAT_API_URL", options.apiUrl) ?? DEFAULT_GOOGLE_CHAT_API_URL;

  /** The app's DM space with a user (`users/{id}`), which exists once the user has added the app. */
  const directs = directChannels(async (user, kit) => {
    const access = await accessToken(kit);
    if ("error" in access) return access;
    const what = "spaces.findDirectMessage";
    const result = await callGoogleChat(
      { method: "GET", url: findDirectMessageUrl(apiUrlFor(kit), user), what },
      access.token,
      outboundOptions(options, kit),
    );
    if (result.status === 401) access.tokens.clear();
    const name = (result.body as { name?: unknown } | undefined)?.name;
    if (!result.ok || typeof name !== "string" || !name.startsWith("spaces/"))
      return { error: `${what}: ${result.error ?? "no space"}` };
    return { channelId: name };
  });

  /**
   * Sends a late reply through the Chat API: an update of the clicked card when the reply
   * replaces it, else a new message in the event's space (in its thread when it has one). A
   * direct message's space is found first.
   */
  async function deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery> {
    const direct = await directs.resolve(event, kit);
    if ("error" in direct) return direct;
    return deliverTo(direct.event, reply, kit);
  }

  async function deliverTo(
    event: CommandEvent,
    reply: Reply,
    kit: ConnectorKit,
  ): Promise<Delivery> {
    const space = event.channel?.id;
    if (!space?.startsWith("spaces/")) {
      kit.log.warn("Google Chat reply dropped: the event has no space");
      return { error: "the event has no space" };
    }
    const access = await accessToken(kit);
    if ("error" in access) return access;
    const { token, tokens } = access;
    const apiUrl = apiUrlFor(kit);
    const chatEvent =
      event.source === "google-chat" ? (event.raw as ChatEvent | undefined) : undefined;
    const message = renderGoogleChatMessage(reply);
    const clicked = chatEvent?.type === "CARD_CLICKED" ? chatEvent.message?.name : undefined;
    // A follow-up (an alert resolving) goes to the thread of the message it follows.
    const thread = chatEvent?.message?.thread?.name ?? event.threadId;
    // A reply replacing a message edits it: the clicked card, or one the bot posted (an alert's).
    const edited = reply.replaces ?? (reply.replaceOriginal ? clicked : undefined);
    const call = edited
      ? {
          method: "PATCH" as const,
          url: patchMessageUrl(apiUrl, edited),
          body: message,
          what: "spaces.messages.patch",
        }
      : {
          method: "POST" as const,
          url: createMessageUrl(apiUrl, space, thread),
          body: thread ? { ...message, thread: { name: thread } } : message,
          what: "spaces.messages.create",
        };
    const result = await callGoogleChat(call, token, outboundOptions(options, kit));
    if (result.status === 401) tokens.clear();
    if (!result.ok) return { error: `${call.what}: ${result.error ?? "failed"}` };
    const body = result.body as { name?: unknown; thread?: { name?: unknown } } | undefined;
    const posted = body?.thread?.name;
    const name = typeof body?.name === "string" ? body.name : edited;
    return {
      ...(typeof posted === "string" ? { threadId: posted } : {}),
      ...(name ? { messageId: name } : {}),
    };
  }

  /** An access token for the service account, or why there is none (logged when it is set up wrong). */
  async function accessToken(
    kit: ConnectorKit,
  ): Promise<{ token: string; tokens: TokenCache } | { error: string }> {
    let tokens: TokenCache | undefined;
    try {
      tokens = tokensFor(kit);
    } catch (error) {
      kit.log.error("Google Chat reply dropped", { error: (error as Error).message });
      return { error: (error as Error).message };
    }
    if (!tokens) {
      kit.log.warn("Google Chat reply dropped: CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY is not set");
      return { error: "no service account for replies" };
    }
    try {
      return { token: await tokens.get(kit.now()), tokens };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  function tokensFor(kit: ConnectorKit): TokenCache | undefined {
    const key = setting(kit, "CATOPS_GOOGLE_CHAT_SERVICE_ACCOUNT_KEY", options.serviceAccount);
    if (!key) return undefined;
    const tokenUrl = setting(kit, "CATOPS_GOOGLE_CHAT_TOKEN_URL", options.tokenUrl);
    const id = `${tokenUrl}\n${key}`;
    let tokens = tokenCaches.get(id);
    if (!tokens) {
      tokens = serviceAccountTokens(parseServiceAccount(key), {
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
        tokenUrl,
      });
      tokenCaches.set(id, tokens);
    }
    return tokens;
  }

  return {
    name: "google-chat",
    paths: [GOOGLE_CHAT_EVENTS_PATH],
    handle,
    deliver,
    dialect: googleChatDialect,
  };
}

/** Google Chat must see a 401 for a bad token; the log says which check failed. */
function refusal(): HttpError {
  return new HttpError(401, "invalid token");
}
