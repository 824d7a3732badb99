// The Discord connector: interactions at POST /discord/interactions, verified with Ed25519.
// PING gets PONG; `/catops <command>` runs the command and answers in the interaction response
// (or defers it and edits the response later); presses of CatOps buttons update their message.
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
  isThenable,
  json,
  outboundOptions,
  type OutboundSettings,
  readBody,
  type Reply,
} from "@catops/core";
import { discordDialect } from "./dialect.js";
import { discordDirectChannels } from "./direct.js";
import { discordModal, formErrorsText, modalSubmission } from "./modal.js";
import { parseInteraction } from "./parse.js";
import { callDiscord } from "./post.js";
import { DEFAULT_DISCORD_API_URL } from "./register.js";
import { renderDiscordMessage } from "./render.js";
import { discordSignatureFailure, type Ed25519Implementation } from "./verify.js";
import { EPHEMERAL, InteractionResponseType, InteractionType } from "./wire.js";
import { DISCORD_INTERACTIONS_PATH } from "./constants.js";

/** `fetch`, `sleep`, `retries` and `timeoutMs` are for outgoing calls (late replies). */
export interface DiscordConnectorOptions extends OutboundSettings {
  /** Default: the CATOPS_DISCORD_PUBLIC_KEY setting. Without one, every request is refused. */
  publicKey?: string;
  /** Base URL of Discord's API. Default: CATOPS_DISCORD_API_URL, then https://discord.com/api/v10. */
  apiUrl?: string;
  /**
   * Default: CATOPS_DISCORD_BOT_TOKEN. Optional: lets replies that have no interaction to answer
   * (alerts, expired interactions) be posted to their channel.
   */
  botToken?: string;
  /**
   * How long a command may take before the interaction is deferred (type 5, "thinking…") and
   * its response edited when the answer comes. Discord wants an answer within 3 s. Default 2000.
   */
  ackBudgetMs?: number;
  /** Which Ed25519 verifies signatures. Default: Web Crypto when the runtime has it. */
  ed25519?: Ed25519Implementation;
}

const PENDING = Symbol("pending");

type Budgeted<T> = { done: true; value: T } | { done: false; pending: Promise<T> };

/** The Discord connector itself; `createDiscordConnector` loads it on first use. */
export function connectorFor(options: DiscordConnectorOptions = {}): Connector {
  let reportedMissingKey = false;
  const ackBudgetMs = options.ackBudgetMs ?? 2000;

  // Where nothing can run after the answer, waiting is the only way; the engine itself answers
  // within its deadline there, which is inside Discord's 3 s.
  const budgetFor = (kit: ConnectorKit) =>
    kit.runtime.waitUntil ? ackBudgetMs : Number.POSITIVE_INFINITY;
  const httpOptions = (kit: ConnectorKit) => outboundOptions(options, kit);
  const apiUrlFor = (kit: ConnectorKit) =>
    options.apiUrl ?? envSetting(kit.env, "CATOPS_DISCORD_API_URL") ?? DEFAULT_DISCORD_API_URL;
  const botTokenFor = (kit: ConnectorKit) =>
    options.botToken ?? envSetting(kit.env, "CATOPS_DISCORD_BOT_TOKEN");
  const directs = directChannels(
    discordDirectChannels((kit) => {
      const botToken = botTokenFor(kit);
      return botToken ? { apiUrl: apiUrlFor(kit), botToken } : undefined;
    }, httpOptions),
  );

  async function handle(request: CatOpsRequest, kit: ConnectorKit): Promise<CatOpsResponse> {
    const publicKey = options.publicKey ?? envSetting(kit.env, "CATOPS_DISCORD_PUBLIC_KEY");
    if (!publicKey) {
      if (!reportedMissingKey) {
        kit.log.error("CATOPS_DISCORD_PUBLIC_KEY is not set: every Discord request is refused");
        reportedMissingKey = true;
      }
      throw refusal();
    }
    const body = await readBody(request, kit.bodyLimit);
    const failure = await discordSignatureFailure({
      publicKey,
      timestamp: request.headers.get("x-signature-timestamp"),
      signature: request.headers.get("x-signature-ed25519"),
      body,
      now: kit.now(),
      implementation: options.ed25519,
    });
    if (failure) {
      // Discord sends bad signatures on purpose to check that they are refused.
      kit.log.warn("Discord request refused", { reason: failure });
      throw refusal();
    }

    const parsed = parseInteraction(body, apiUrlFor(kit));
    switch (parsed.kind) {
      case "ping":
        return json({ type: InteractionResponseType.Pong });
      case "other":
        kit.log.info("Discord interaction acknowledged", { type: parsed.type });
        if (parsed.type === InteractionType.ApplicationCommandAutocomplete)
          return json({
            type: InteractionResponseType.ApplicationCommandAutocompleteResult,
            data: { choices: [] },
          });
        throw new HttpError(400, `unsupported interaction type ${parsed.type}`);
      case "command": {
        const { event } = parsed;
        const outcome = await withinBudget(kit.execute(event), budgetFor(kit));
        if (outcome.done)
          return json(formResponse(outcome.value) ?? messageResponse(outcome.value, event, kit));
        // Too slow for Discord's 3 s: show "thinking…" now and edit the response when it comes.
        await inBackground(kit, "Discord command", async () => {
          await deliver(event, (await outcome.pending) ?? DONE, kit);
        });
        return json({ type: InteractionResponseType.DeferredChannelMessageWithSource });
      }
      case "component": {
        const { event, action } = parsed;
        if (!action) {
          kit.log.info("Discord button press acknowledged", { reason: "not a CatOps button" });
          return json({ type: InteractionResponseType.DeferredUpdateMessage });
        }
        const outcome = await withinBudget(kit.act(action, event), budgetFor(kit));
        if (outcome.done)
          return json(formResponse(outcome.value) ?? pressResponse(outcome.value, event, kit));
        await inBackground(kit, "Discord button press", async () => {
          const reply = await outcome.pending;
          if (!reply) return;
          if (reply.replaceOriginal) await deliver(event, reply, kit);
          else await followUp(event, reply, kit);
        });
        return json({ type: InteractionResponseType.DeferredUpdateMessage });
      }
      case "modal_submit": {
        const { event, interaction } = parsed;
        const submission = modalSubmission(interaction);
        if (!submission) {
          kit.log.info("Discord modal acknowledged", { reason: "a modal CatOps did not open" });
          return json({ type: InteractionResponseType.DeferredUpdateMessage });
        }
        const outcome = await withinBudget(kit.submitForm(submission, event), ackBudgetMs);
        if (!outcome.done) {
          await inBackground(kit, "Discord form", async () => {
            const result = await outcome.pending;
            const reply = "errors" in result ? errorsReply(result.errors) : result.reply;
            await deliver(event, reply ?? DONE, kit);
          });
          return json({ type: InteractionResponseType.DeferredChannelMessageWithSource });
        }
        const result = outcome.value;
        // Discord has no inline errors for modals: they come back as a message only its user sees.
        if ("errors" in result)
          return json(messageResponse(errorsReply(result.errors), event, kit));
        return json(messageResponse(result.reply, event, kit));
      }
    }
  }

  /**
   * Sends a late reply by editing the interaction's original response (a deferred job's result
   * replaces its "Running…" message). Without an interaction, or when its token has expired
   * (15 minutes), a reply for the channel is posted there with the bot token, when there is one.
   * A direct message's channel is opened first.
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
    let failure: string | undefined;
    if (event.responseUrl) {
      const result = await callDiscord(
        {
          method: "PATCH",
          url: `${event.responseUrl}/messages/@original`,
          body: renderDiscordMessage(reply, {
            edit: true,
            trigger: triggerOf(event),
            logger: kit.log,
          }),
          what: "edit original response",
        },
        httpOptions(kit),
      );
      if (result.ok) return {};
      failure = `edit original response: ${result.error ?? "failed"}`;
      if (result.status === undefined || reply.visibility === "ephemeral")
        return { error: failure };
    }
    const botToken = botTokenFor(kit);
    if (event.channel?.id && botToken) {
      const { flags: _ephemeral, ...message } = renderDiscordMessage(reply, {
        trigger: triggerOf(event),
        logger: kit.log,
      });
      const messages = `${apiUrlFor(kit).replace(/\/+$/, "")}/channels/${encodeURIComponent(event.channel.id)}/messages`;
      // An edit of a message the bot posted (an alert card changing state) replaces it in place.
      const call = reply.replaces
        ? {
            method: "PATCH" as const,
            url: `${messages}/${encodeURIComponent(reply.replaces)}`,
            what: "edit message",
          }
        : { method: "POST" as const, url: messages, what: "create message" };
      const posted = await callDiscord(
        { ...call, body: message, headers: { authorization: `Bot ${botToken}` } },
        httpOptions(kit),
      );
      if (posted.ok) {
        const id = (posted.body as { id?: unknown } | undefined)?.id;
        return typeof id === "string" ? { messageId: id } : {};
      }
      const error = `${call.what}: ${posted.error ?? "failed"}`;
      return { error: failure ? `${failure}; ${error}` : error };
    }
    if (failure) return { error: failure };
    kit.log.warn(
      "Discord reply dropped: no interaction to answer and no bot token for the channel",
    );
    return { error: "no interaction to answer and no bot token for the channel" };
  }

  /** A new message after a deferred button press (the pressed message stays as it was). */
  async function followUp(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery> {
    if (!event.responseUrl) return deliver(event, reply, kit);
    const result = await callDiscord(
      {
        method: "POST",
        url: event.responseUrl,
        body: renderDiscordMessage(reply, { trigger: triggerOf(event), logger: kit.log }),
        what: "follow-up message",
      },
      httpOptions(kit),
    );
    return result.ok ? {} : { error: `follow-up message: ${result.error ?? "failed"}` };
  }

  return {
    name: "discord",
    paths: [DISCORD_INTERACTIONS_PATH],
    handle,
    deliver,
    forms: true,
    dialect: discordDialect,
  };
}

/** A reply's form as a modal (type 9), where Discord can show it. */
function formResponse(reply: Reply | undefined) {
  return reply?.form ? discordModal(reply.form) : undefined;
}

function errorsReply(errors: Record<string, string>): Reply {
  return { text: formErrorsText(errors), visibility: "ephemeral", error: true };
}

/** What an interaction gets when its command answered nothing. */
const DONE: Reply = { text: "Done.", visibility: "ephemeral" };

/** The answer to a command: a message in the channel, or only for its user. */
function messageResponse(reply: Reply | undefined, event: CommandEvent, kit: ConnectorKit) {
  if (!reply)
    return {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { content: DONE.text, flags: EPHEMERAL },
    };
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: renderDiscordMessage(reply, { trigger: triggerOf(event), logger: kit.log }),
  };
}

/** The answer to a button press: replace the pressed message, or add a message. */
function pressResponse(reply: Reply | undefined, event: CommandEvent, kit: ConnectorKit) {
  if (!reply) return { type: InteractionResponseType.DeferredUpdateMessage };
  if (reply.replaceOriginal)
    return {
      type: InteractionResponseType.UpdateMessage,
      data: renderDiscordMessage(reply, { edit: true, trigger: triggerOf(event), logger: kit.log }),
    };
  return messageResponse(reply, event, kit);
}

/** The work's result if it settles within `ms`, else the work, still running. */
async function withinBudget<T>(answer: T | Promise<T>, ms: number): Promise<Budgeted<T>> {
  // An answer given at once needs no race.
  if (!isThenable(answer)) return { done: true, value: answer };
  const work = Promise.resolve(answer);
  if (!Number.isFinite(ms)) return { done: true, value: await work };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof PENDING>((resolve) => {
    timer = setTimeout(() => resolve(PENDING), ms);
  });
  try {
    const winner = await Promise.race([work, timeout]);
    return winner === PENDING ? { done: false, pending: work } : { done: true, value: winner as T };
  } finally {
    clearTimeout(timer);
  }
}

/** How the command is typed ('/catops'), from the interaction. */
function triggerOf(event: CommandEvent): string {
  const name = (event.raw as { data?: { name?: unknown } } | undefined)?.data?.name;
  return typeof name === "string" && name !== "" ? `/${name}` : "/catops";
}

/** Discord must see a 401 for a bad signature; the log says which check failed. */
function refusal(): HttpError {
  return new HttpError(401, "invalid signature");
}
