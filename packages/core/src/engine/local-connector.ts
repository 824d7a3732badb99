// The in-process connector that `dispatch` answers through (the CLI, the shell, tests). Loaded
// with the first dispatch (on-demand.ts): a bot serving chat requests never needs it.
import type { Connector } from "../connector.js";
import type { ChatDialect } from "../dialect.js";
import { plainDialect } from "../dialect.js";
import { randomId } from "../ids.js";
import type { CommandEvent, Reply, Runtime } from "../types.js";
import type { Engine } from "./execute.js";
import type { KitFor } from "./kit.js";
import { NO_CONNECTOR } from "./no-connector.js";

/** How `dispatch` runs a command event in process, as the CLI, the shell and tests do. */
export interface DispatchOptions {
  requestId?: string;
  /**
   * Answers a confirmation (`confirm` commands): resolves to true to run. Without it, the reply
   * is the question with its Run and Cancel buttons, as a chat platform would show it.
   */
  confirm?: (question: string) => Promise<boolean>;
  /** Receives replies that come later: a deferred job's result, a slow command's answer. */
  onReply?: (reply: Reply) => void;
  /** Where background work goes (`waitUntil` to await it), the env and the logger. */
  runtime?: Runtime;
  /** How mentions look in the replies. Default: plain text (`@alice`). */
  dialect?: ChatDialect;
}

/** The connector of an in-process dispatch: late replies go to the caller's `onReply`. */
export function localConnector(options: DispatchOptions): Connector {
  return {
    name: "local",
    paths: [],
    dialect: options.dialect ?? plainDialect,
    handle: NO_CONNECTOR.handle,
    deliver: async (_event, reply) => {
      if (!options.onReply) return { error: "nobody is listening for late replies" };
      options.onReply(reply);
      return {};
    },
  };
}

/**
 * `bot.dispatch`: a command event run in this process, through the same engine as every
 * connector, so the policy, confirmation, deferral and audit hold here as they do in chat.
 */
export function createLocalDispatch(parts: {
  engine: Engine;
  kitFor: KitFor;
  /** The connector that posts to chat (an alert card edit, a page), or NO_CONNECTOR. */
  notifier: () => Connector;
}) {
  const { engine, kitFor } = parts;
  return async function dispatch(
    event: CommandEvent,
    options: DispatchOptions = {},
  ): Promise<Reply | undefined> {
    const runtime = options.runtime ?? {};
    const connector = localConnector(options);
    const kit = kitFor(
      connector,
      { ...runtime, defer: undefined },
      options.requestId ?? randomId(12),
    );
    // What a command posts to a channel goes to the chat, not the caller.
    const notifier = parts.notifier();
    if (notifier !== NO_CONNECTOR)
      kit.deliver = (target, message) =>
        notifier.deliver(target, message, kitFor(notifier, runtime, kit.requestId));
    const reply = await engine.execute(event, connector, kit);
    const ask = reply?.buttons?.find((button) => button.action === "catops.confirm");
    if (!ask || !options.confirm) return reply;
    const run = await options.confirm(reply?.text ?? "");
    const action = { action: run ? "catops.confirm" : "catops.cancel", value: ask.value };
    const answer = await engine.act(action, event, connector, kit);
    // Declining is marked as an error, so a script learns that the command did not run.
    return run || !answer ? answer : { ...answer, error: true };
  };
}
