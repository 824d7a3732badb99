// What CatOps answers each kind of Slack request, after it was verified (HTTP) or arrived over
// Socket Mode's authenticated WebSocket: the same path for both, so both behave the same.
import {
  type CommandEvent,
  type ConnectorKit,
  type Delivery,
  FORM_ACTION,
  inBackground,
  type Reply,
} from "@catops/core";
import { EVENT_DEDUPE_TTL_SECONDS } from "./constants.js";
import { eventCommand } from "./events.js";
import { homeTabView } from "./home-tab.js";
import { interactionAction } from "./interactions.js";
import { formErrors, formModal, formSubmission } from "./modal.js";
import { type SlackRequest, slashCommandEvent } from "./parse.js";
import { renderSlackMessage, toPostMessage } from "./render.js";
import type { SlackWebClient } from "./web-api.js";

export interface AnswerParts {
  deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery>;
  /** A Web API client with the bot token, or undefined (logged) without one. */
  client(kit: ConnectorKit): SlackWebClient | undefined;
}

/** Retry headers of an Events API delivery, for the log. */
export interface RetryInfo {
  retryNum?: string | null;
  retryReason?: string | null;
}

/** The body to answer with (a message, a challenge, modal errors), or undefined for an empty 200. */
export type SlackAnswer = { body?: unknown };

export function createAnswer(parts: AnswerParts) {
  const { deliver } = parts;

  async function answer(
    parsed: SlackRequest,
    kit: ConnectorKit,
    retry: RetryInfo = {},
  ): Promise<SlackAnswer> {
    switch (parsed.kind) {
      case "ssl_check":
        return {};
      case "url_verification":
        return { body: { challenge: parsed.challenge } };
      case "command": {
        const event = slashCommandEvent(parsed.params);
        const reply = await kit.execute(event);
        if (reply?.form && (await openForm(reply, event, kit))) return {};
        return reply ? { body: renderSlackMessage(withoutForm(reply), { logger: kit.log }) } : {};
      }
      case "event_callback": {
        const { envelope } = parsed;
        if (envelope.event.type === "app_home_opened") return homeOpened(parsed, kit);
        const decision = eventCommand(envelope);
        if ("ignore" in decision) {
          kit.log.debug("Slack event ignored", {
            reason: decision.ignore,
            eventId: envelope.event_id,
          });
          return {};
        }
        if (!(await firstDelivery(envelope.event_id, kit, retry))) return {};
        // Slack wants its answer within 3 s: acknowledge now, reply in the thread afterwards.
        await inBackground(kit, "Slack event", async () => {
          const reply = await kit.execute(decision.event);
          if (reply) await deliver(decision.event, withoutForm(reply), kit);
        });
        return {};
      }
      case "interaction":
        if (parsed.payload.type === "view_submission") return submitted(parsed.payload, kit);
        return pressed(parsed.payload, kit);
      case "other_event":
        kit.log.info("Slack Events API request acknowledged", { type: parsed.type });
        return {};
    }
  }

  /** An Events API event_id seen for the first time: Slack's retries never run a command twice. */
  async function firstDelivery(eventId: string | undefined, kit: ConnectorKit, retry: RetryInfo) {
    const first =
      !eventId ||
      (await kit.store.setIfAbsent(`slack:event:${eventId}`, kit.now(), {
        ttlSeconds: EVENT_DEDUPE_TTL_SECONDS,
      }));
    if (!first)
      kit.log.info("Slack event already handled; retry ignored", {
        eventId,
        retryNum: retry.retryNum,
        retryReason: retry.retryReason,
      });
    return first;
  }

  async function pressed(
    payload: Extract<SlackRequest, { kind: "interaction" }>["payload"],
    kit: ConnectorKit,
  ) {
    const decision = interactionAction(payload);
    if ("ignore" in decision) {
      kit.log.info("Slack interaction acknowledged", { reason: decision.ignore });
      return {};
    }
    await inBackground(kit, "Slack interaction", async () => {
      const reply = await kit.act(decision.action, decision.event);
      if (!reply) return;
      if (reply.form && (await openForm(reply, decision.event, kit))) return;
      await deliver(decision.event, withoutForm(reply), kit);
    });
    return {};
  }

  /** A modal submitted: errors keep it open with each under its input; else it closes and runs. */
  async function submitted(
    payload: Extract<SlackRequest, { kind: "interaction" }>["payload"],
    kit: ConnectorKit,
  ): Promise<SlackAnswer> {
    const decision = formSubmission(payload);
    if ("ignore" in decision) {
      kit.log.info("Slack view_submission acknowledged", { reason: decision.ignore });
      return {};
    }
    const outcome = await kit.submitForm(decision.submission, decision.event);
    if ("errors" in outcome) return { body: formErrors(outcome.errors) };
    const { reply } = outcome;
    if (reply)
      await inBackground(kit, "Slack form result", async () => {
        const message = withoutForm(reply);
        if (message.visibility === "ephemeral" && (await privately(decision.event, message, kit)))
          return;
        await deliver(decision.event, message, kit);
      });
    return {};
  }

  /**
   * An answer only its user should see (a refusal, a confirmation), in a channel: a submission
   * has no response_url, so it goes with chat.postEphemeral. False when it could not.
   */
  async function privately(event: CommandEvent, reply: Reply, kit: ConnectorKit) {
    const channel = event.channel?.id;
    const user = event.user?.id;
    if (!channel || !user || channel === user) return false;
    const client = parts.client(kit);
    if (!client) return false;
    const message = toPostMessage(renderSlackMessage(reply, { logger: kit.log }), channel);
    const result = await client.postEphemeral({ ...message, user });
    if (!result.ok) kit.log.warn("ephemeral answer not posted", { error: result.error });
    return result.ok;
  }

  /** The Home tab opened: published afresh, after the acknowledgement. */
  async function homeOpened(
    parsed: Extract<SlackRequest, { kind: "event_callback" }>,
    kit: ConnectorKit,
  ) {
    const { event: inner } = parsed.envelope;
    if (inner.tab !== undefined && inner.tab !== "home") return {};
    const userId = inner.user;
    if (typeof userId !== "string" || userId === "") return {};
    const teamId = parsed.envelope.team_id;
    const event: CommandEvent = {
      command: [],
      user: { id: userId },
      ...(teamId ? { team: { id: teamId } } : {}),
      source: "slack",
      raw: parsed.envelope,
    };
    await inBackground(kit, "Slack Home tab", async () => {
      const client = parts.client(kit);
      if (!client) return;
      const view = homeTabView(await kit.home(event));
      const result = await client.publishView(userId, view);
      if (!result.ok) kit.log.warn("Home tab not published", { error: result.error });
    });
    return {};
  }

  /** Opens a reply's form as a modal with the event's trigger id; false when it cannot. */
  async function openForm(reply: Reply, event: CommandEvent, kit: ConnectorKit): Promise<boolean> {
    const trigger = triggerId(event);
    const client = trigger ? parts.client(kit) : undefined;
    if (!reply.form || !trigger || !client) return false;
    const result = await client.openView(trigger, formModal(reply.form, event));
    if (!result.ok) kit.log.warn("form not opened; usage sent instead", { error: result.error });
    return result.ok;
  }

  return { answer };
}

/** A form reply where no modal can open: its usage text, with a button that opens one. */
function withoutForm(reply: Reply): Reply {
  if (!reply.form) return reply;
  const { form, ...rest } = reply;
  const button = { text: "Fill in…", action: FORM_ACTION, value: form.command };
  return { ...rest, buttons: [...(rest.buttons ?? []), button] };
}

function triggerId(event: CommandEvent): string | undefined {
  const raw = event.raw as { trigger_id?: unknown } | undefined;
  return typeof raw?.trigger_id === "string" && raw.trigger_id !== "" ? raw.trigger_id : undefined;
}
