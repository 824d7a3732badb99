// What CatOps answers each kind of Slack request, after it was verified (HTTP) or arrived over
// Socket Mode's authenticated WebSocket: the same path for both, so both behave the same. A slash
// command is answered here; events and interactivity load their code on first use.
import {
  type CommandEvent,
  type ConnectorKit,
  type Delivery,
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

/** Retry headers of an Events API delivery, for the log. */
export interface RetryInfo {
  retryNum?: string | null;
  retryReason?: string | null;
}

/** The body to answer with (a message, a challenge, modal errors), or undefined for an empty 200. */
export type SlackAnswer = { body?: unknown };

export function createAnswer(parts: AnswerParts) {
  const interactive = onFirstUse(async () =>
    (await import("./on-demand.js")).createInteractiveAnswer(parts),
  );

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
        if (reply?.form) {
          const { openForm } = await import("./on-demand.js");
          if (await openForm(reply, event, kit, parts.client)) return {};
        }
        return reply ? { body: renderSlackMessage(withoutForm(reply), { logger: kit.log }) } : {};
      }
      case "event_callback":
      case "interaction":
        return (await interactive()).answer(parsed, kit, retry);
      case "other_event":
        kit.log.info("Slack Events API request acknowledged", { type: parsed.type });
        return {};
    }
  }

  return { answer };
}
