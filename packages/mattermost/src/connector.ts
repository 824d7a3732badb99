// The Mattermost connector: slash commands at POST /mattermost/commands (verified by the
// command's token), button presses at POST /mattermost/actions (verified by the HMAC each button
// carries), late replies to the command's response_url.
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
  pathnameOf,
  PlainResponse,
  inBackground,
  json,
  outboundOptions,
  type OutboundSettings,
  readBody,
  type Reply,
} from "@catops/core";
import { postJson } from "@catops/core/outbound";
import { mattermostDialect } from "./dialect.js";
import { signActionContext, verifyActionContext } from "./actions.js";
import { dialogRequest, dialogSubmission } from "./dialog.js";
import { type MattermostBotAccount, mattermostDirectChannels } from "./direct.js";
import {
  actionEvent,
  parseActionRequest,
  parseSlashCommandForm,
  slashCommandEvent,
} from "./parse.js";
import { callPostsApi, postToResponseUrl } from "./post.js";
import {
  buttonAction,
  type MattermostRenderOptions,
  renderActionResponse,
  renderMattermostMessage,
} from "./render.js";
import { mattermostTokenFailure, splitTokens } from "./verify.js";
import {
  MATTERMOST_COMMANDS_PATH,
  MATTERMOST_ACTIONS_PATH,
  MATTERMOST_DIALOGS_PATH,
} from "./constants.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (late replies). */
export interface MattermostConnectorOptions extends OutboundSettings {
  /**
   * The slash command's token, or several (one per team's command). Default: the
   * CATOPS_MATTERMOST_TOKEN setting, comma-separated. Without one, every request is refused.
   */
  token?: string | readonly string[];
  /**
   * The bot's public base URL, where Mattermost sends button presses (`<url>/mattermost/actions`).
   * Default: CATOPS_PUBLIC_URL. Without it, buttons are shown as text.
   */
  publicUrl?: string;
  /** The Mattermost server, for posts to a channel (alerts). Default: CATOPS_MATTERMOST_URL. */
  serverUrl?: string;
  /** A bot account's access token, for posts to a channel. Default: CATOPS_MATTERMOST_BOT_TOKEN. */
  botToken?: string;
}

/** The Mattermost connector itself; `createMattermostConnector` loads it on first use. */
export function connectorFor(options: MattermostConnectorOptions = {}): Connector {
  let reportedMissingToken = false;

  const httpOptions = (kit: ConnectorKit) => outboundOptions(options, kit);

  /** The server and bot token for posts to a channel, when both are set. */
  function botAccount(kit: ConnectorKit): MattermostBotAccount | undefined {
    const serverUrl = options.serverUrl ?? envSetting(kit.env, "CATOPS_MATTERMOST_URL");
    const token = options.botToken ?? envSetting(kit.env, "CATOPS_MATTERMOST_BOT_TOKEN");
    return serverUrl && token ? { serverUrl, token } : undefined;
  }

  const directs = directChannels(mattermostDirectChannels(botAccount, httpOptions));

  function tokensFor(kit: ConnectorKit): string[] {
    const tokens = splitTokens(options.token ?? envSetting(kit.env, "CATOPS_MATTERMOST_TOKEN"));
    if (tokens.length === 0 && !reportedMissingToken) {
      kit.log.error("CATOPS_MATTERMOST_TOKEN is not set: every Mattermost request is refused");
      reportedMissingToken = true;
    }
    return tokens;
  }

  function handle(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const path = pathnameOf(request);
    if (path === MATTERMOST_ACTIONS_PATH) return handleAction(request, kit);
    if (path === MATTERMOST_DIALOGS_PATH) return handleDialog(request, kit);
    return handleCommand(request, kit);
  }

  /** A submitted dialog: errors under their fields, or it closes and its command runs. */
  async function handleDialog(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const tokens = tokensFor(kit);
    if (tokens.length === 0) throw refusal();
    const body = await readBody(request, kit.bodyLimit);
    const read = await dialogSubmission(body, tokens, kit.hmacSha256).catch((error) => {
      if (error instanceof HttpError && error.status === 401)
        kit.log.warn("Mattermost dialog refused", { reason: "state signature mismatch" });
      throw error;
    });
    if ("cancelled" in read) return json({});
    const outcome = await kit.submitForm(read.submission, read.event);
    if ("errors" in outcome) return json({ errors: outcome.errors });
    const { reply } = outcome;
    if (reply)
      await inBackground(kit, "Mattermost form result", async () => {
        const delivery = await deliver(read.event, reply, kit);
        if (delivery.error)
          kit.log.error("Mattermost form result not delivered", { error: delivery.error });
      });
    return json({});
  }

  /** Opens a reply's form as a dialog with the event's trigger id; false when it cannot. */
  async function openDialog(reply: Reply, event: CommandEvent, kit: ConnectorKit) {
    const raw = event.raw as { trigger_id?: unknown } | undefined;
    const triggerId = typeof raw?.trigger_id === "string" ? raw.trigger_id : undefined;
    const publicUrl = options.publicUrl ?? envSetting(kit.env, "CATOPS_PUBLIC_URL");
    const [token] = tokensFor(kit);
    // The server is where the response_url points: Mattermost's own hooks URL.
    const server = event.responseUrl ? originOf(event.responseUrl) : undefined;
    if (!reply.form || !triggerId || !publicUrl || !token || !server) return false;
    const request = await dialogRequest(reply.form, {
      triggerId,
      url: `${publicUrl.replace(/\/+$/, "")}${MATTERMOST_DIALOGS_PATH}`,
      ...(event.responseUrl ? { responseUrl: event.responseUrl } : {}),
      token,
      hmac: kit.hmacSha256,
    });
    const result = await postJson(`${server}/api/v4/actions/dialogs/open`, request, {
      ...httpOptions(kit),
      platform: "Mattermost",
      what: "dialogs/open",
    });
    if (!result.ok) kit.log.warn("dialog not opened; usage sent instead", { error: result.error });
    return result.ok;
  }

  async function handleCommand(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const tokens = tokensFor(kit);
    if (tokens.length === 0) throw refusal();
    const body = await readBody(request, kit.bodyLimit);
    const contentType = request.headers.get("content-type");
    const failure = mattermostTokenFailure({
      tokens,
      authorization: request.headers.get("authorization"),
      field: new URLSearchParams(body).get("token"),
    });
    if (failure) {
      kit.log.warn("Mattermost request refused", { reason: failure });
      throw refusal();
    }
    const event = slashCommandEvent(parseSlashCommandForm(body, contentType));
    const reply = await kit.execute(event);
    if (!reply) return new PlainResponse(null, { status: 200 });
    if (reply.form && (await openDialog(reply, event, kit)))
      return new PlainResponse(null, { status: 200 });
    return json(renderMattermostMessage(reply, await renderOptions(reply, event, kit)));
  }

  async function handleAction(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const tokens = tokensFor(kit);
    if (tokens.length === 0) throw refusal();
    const body = await readBody(request, kit.bodyLimit);
    const press = parseActionRequest(body, request.headers.get("content-type"));
    const signed = await verifyActionContext(press.context, tokens, kit.hmacSha256);
    if (!signed) {
      kit.log.warn("Mattermost button press refused", { reason: "context signature mismatch" });
      throw refusal();
    }
    const event = actionEvent(press, signed.responseUrl);
    const reply = await kit.act({ action: signed.action, value: signed.value }, event);
    if (reply?.form && (await openDialog(reply, event, kit))) return json({});
    const inChannel = reply && !reply.replaceOriginal && reply.visibility !== "ephemeral";
    if (inChannel && event.responseUrl) {
      // A result for everyone goes to the channel; the press itself needs no answer.
      await inBackground(kit, "Mattermost button reply", async () => {
        const delivery = await deliver(event, reply, kit);
        if (delivery.error)
          kit.log.error("Mattermost button reply not delivered", { error: delivery.error });
      });
      return json({});
    }
    const rendered = reply
      ? renderActionResponse(reply, await renderOptions(reply, event, kit))
      : {};
    return json(rendered);
  }

  /** The button URL and signed contexts for a reply's buttons, or the trigger for their text. */
  async function renderOptions(
    reply: Reply,
    event: CommandEvent,
    kit: ConnectorKit,
  ): Promise<MattermostRenderOptions> {
    const trigger = triggerOf(event, kit);
    const publicUrl = options.publicUrl ?? envSetting(kit.env, "CATOPS_PUBLIC_URL");
    const [token] = tokensFor(kit);
    if (!reply.buttons?.length || !publicUrl || !token) return { trigger };
    const contexts = await Promise.all(
      reply.buttons.map((button) =>
        signActionContext(
          {
            ...buttonAction(button),
            ...(event.responseUrl ? { responseUrl: event.responseUrl } : {}),
          },
          token,
          kit.hmacSha256,
        ),
      ),
    );
    return {
      trigger,
      contexts,
      actionUrl: `${publicUrl.replace(/\/+$/, "")}${MATTERMOST_ACTIONS_PATH}`,
    };
  }

  /**
   * Sends a late reply to the event's response_url; without one (an alert), posts to the event's
   * channel with the bot token, or edits the post the reply replaces. A direct message's channel
   * is found (or created) first.
   */
  async function deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery> {
    if (!event.responseUrl && event.channel?.id) {
      const direct = await directs.resolve(event, kit);
      if ("error" in direct) return direct;
      return postInChannel(direct.event, reply, kit);
    }
    if (!event.responseUrl) {
      kit.log.warn("Mattermost reply dropped: the event has no response_url");
      return { error: "the event has no response_url" };
    }
    const message = renderMattermostMessage(reply, await renderOptions(reply, event, kit));
    const result = await postToResponseUrl(event.responseUrl, message, httpOptions(kit));
    return result.ok ? {} : { error: `response_url: ${result.error ?? "failed"}` };
  }

  async function postInChannel(
    event: CommandEvent,
    reply: Reply,
    kit: ConnectorKit,
  ): Promise<Delivery> {
    const account = botAccount(kit);
    if (!account) {
      kit.log.warn(
        "Mattermost post dropped: CATOPS_MATTERMOST_URL and CATOPS_MATTERMOST_BOT_TOKEN are needed",
      );
      return { error: "no Mattermost server URL and bot token for channel posts" };
    }
    const { text, attachments } = renderMattermostMessage(
      reply,
      await renderOptions(reply, event, kit),
    );
    const props = attachments ? { attachments } : {};
    const body: Record<string, unknown> = reply.replaces
      ? { id: reply.replaces, message: text, props }
      : {
          channel_id: event.channel!.id,
          message: text,
          props,
          ...(event.threadId ? { root_id: event.threadId } : {}),
        };
    const result = await callPostsApi({ ...account, body, edit: reply.replaces }, httpOptions(kit));
    if (!result.ok)
      return {
        error: `${reply.replaces ? "edit post" : "create post"}: ${result.error ?? "failed"}`,
      };
    const id = (result.body as { id?: unknown } | undefined)?.id;
    const posted = typeof id === "string" ? id : reply.replaces;
    return posted ? { threadId: event.threadId ?? posted, messageId: posted } : {};
  }

  return {
    name: "mattermost",
    dialect: mattermostDialect,
    paths: [MATTERMOST_COMMANDS_PATH, MATTERMOST_ACTIONS_PATH, MATTERMOST_DIALOGS_PATH],
    handle,
    deliver,
    forms: true,
  };
}

/** How the slash command is typed ('/catops'), from the request Mattermost sent. */
function triggerOf(event: CommandEvent, kit: ConnectorKit): string {
  const command = (event.raw as { command?: unknown } | undefined)?.command;
  return typeof command === "string" && command.startsWith("/") ? command : `/${kit.bot.name}`;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The caller learns only that it was refused; the log says why. */
function refusal(): HttpError {
  return new HttpError(401, "invalid token");
}
