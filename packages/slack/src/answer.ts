// What CatOps answers each kind of Slack request, after it was verified (HTTP) or arrived over
// Socket Mode's authenticated WebSocket: the same path for both, so both behave the same. A slash
// command is answered here; events and interactivity load their code on first use.
import {
  type CommandEvent,
  type ConnectorKit,
  type Delivery,
  type HeaderReader,
  isThenable,
  onFirstUse,
  type Reply,
} from "@catops/core";
import { withoutForm } from "./form-reply.js";
import { type SlackRequest, slashCommandEvent } from "./parse.js";
import { renderSlackMessage } from "./render.js";
import type { SlackWebClient } from "./web-api.js";

export interface AnswerParts {
  deliver(event: CommandEvent, reply: Reply, kit: ConnectorKit): Promise<Delivery>;
  /** A Web API client with the bot token, or undefined (logged) without one. */
  client(kit: ConnectorKit): Promise<SlackWebClient | undefined>;
}

/** The body to answer with (a message, a challenge, modal errors), or undefined for an empty 200. */
export type SlackAnswer = { body?: unknown };

export function createAnswer(parts: AnswerParts) {
  const interactive = onFirstUse(async () =>
    (await import("./on-demand.js")).createInteractiveAnswer(parts),
  );

  /** The answer at once when the command answered at once (most do), a promise of it otherwise. */
  function answer(
    parsed: SlackRequest,
    kit: ConnectorKit,
    /** The HTTP request's (Socket Mode has none): a repeated event's retry headers are logged. */
    headers?: HeaderReader,
  ): SlackAnswer | Promise<SlackAnswer> {
    switch (parsed.kind) {
      case "ssl_check":
        return {};
      case "url_verification":
        return { body: { challenge: parsed.challenge } };
      case "command": {
        const event = slashCommandEvent(parsed.params);
        const reply = kit.execute(event);
        return isThenable(reply)
          ? reply.then((settled) => commandAnswer(settled, event, kit))
          : commandAnswer(reply, event, kit);
      }
      case "event_callback":
      case "interaction":
        return interactive().then((answers) => answers.answer(parsed, kit, headers));
      case "other_event":
        kit.log.info("Slack Events API request acknowledged", { type: parsed.type });
        return {};
    }
  }

  /** A command's reply as the slash command's answer; one with a form opens it instead. */
  function commandAnswer(
    reply: Reply | undefined,
    event: CommandEvent,
    kit: ConnectorKit,
  ): SlackAnswer | Promise<SlackAnswer> {
    if (reply?.form) return openedForm(reply, event, kit);
    return reply ? { body: renderSlackMessage(withoutForm(reply), { logger: kit.log }) } : {};
  }

  async function openedForm(reply: Reply, event: CommandEvent, kit: ConnectorKit) {
    const { openForm } = await import("./on-demand.js");
    if (await openForm(reply, event, kit, parts.client)) return {};
    return { body: renderSlackMessage(withoutForm(reply), { logger: kit.log }) };
  }

  return { answer };
}
