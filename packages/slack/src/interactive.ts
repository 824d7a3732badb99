// What CatOps answers Slack's Events API and interactivity requests: mentions and direct
// messages, button presses, submitted modals, the Home tab. Loaded on the first such request,
// so a slash command's cold start never parses it.
import {
  type CommandEvent,
  type ConnectorKit,
  type HeaderReader,
  inBackground,
  type Reply,
} from "@catops/core";
import type { AnswerParts, SlackAnswer } from "./answer.js";
import { EVENT_DEDUPE_TTL_SECONDS } from "./constants.js";
import { eventCommand } from "./events.js";
import { withoutForm } from "./form-reply.js";
import { homeTabView } from "./home-tab.js";
import { interactionAction } from "./interactions.js";
import { formErrors, formSubmission } from "./modal.js";
import { openForm as openModal } from "./open-form.js";
import type { SlackRequest } from "./parse.js";
import { renderSlackMessage, toPostMessage } from "./render.js";

export function createInteractiveAnswer(parts: AnswerParts) {
  const { deliver } = parts;
  const openForm = (reply: Reply, event: CommandEvent, kit: ConnectorKit) =>
    openModal(reply, event, kit, parts.client);

  /** An Events API event or an interaction, after it was verified. */
  async function answer(
    parsed: Extract<SlackRequest, { kind: "event_callback" | "interaction" }>,
    kit: ConnectorKit,
    headers: HeaderReader | undefined,
  ): Promise<SlackAnswer> {
    if (parsed.kind === "interaction")
      return parsed.payload.type === "view_submission"
        ? submitted(parsed.payload, kit)
        : pressed(parsed.payload, kit);
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
    if (!(await firstDelivery(envelope.event_id, kit, headers))) return {};
    // Slack wants its answer within 3 s: acknowledge now, reply in the thread afterwards.
    await inBackground(kit, "Slack event", async () => {
      const reply = await kit.execute(decision.event);
      if (reply) await deliver(decision.event, withoutForm(reply), kit);
    });
    return {};
  }

  /** An Events API event_id seen for the first time: Slack's retries never run a command twice. */
  async function firstDelivery(
    eventId: string | undefined,
    kit: ConnectorKit,
    headers: HeaderReader | undefined,
  ) {
    const first =
      !eventId ||
      (await kit.store.setIfAbsent(`slack:event:${eventId}`, kit.now(), {
        ttlSeconds: EVENT_DEDUPE_TTL_SECONDS,
      }));
    if (!first)
      kit.log.info("Slack event already handled; retry ignored", {
        eventId,
        retryNum: headers?.get("x-slack-retry-num"),
        retryReason: headers?.get("x-slack-retry-reason"),
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
    const client = await parts.client(kit);
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
      const client = await parts.client(kit);
      if (!client) return;
      const view = homeTabView(await kit.home(event));
      const result = await client.publishView(userId, view);
      if (!result.ok) kit.log.warn("Home tab not published", { error: result.error });
    });
    return {};
  }

  return { answer };
}
