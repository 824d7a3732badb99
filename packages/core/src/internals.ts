// What a test may reach inside a bot (its jobs, a connector and its kit), kept off the bot's
// own surface so no adapter or connector comes to depend on it: `@catops/core/testing` reads it.
import type { Connector, ConnectorKit } from "./connector.js";
import type { Jobs } from "./engine/jobs.js";
import type { Runtime } from "./types.js";

export interface BotInternals {
  jobs: Jobs;
  connector(name: string): Connector | undefined;
  kitFor(connector: Connector, runtime: Runtime, requestId: string): ConnectorKit;
}

const internals = new WeakMap<object, BotInternals>();

export function keepInternals<Bot extends object>(bot: Bot, inside: BotInternals): Bot {
  internals.set(bot, inside);
  return bot;
}

export function internalsOf(bot: object): BotInternals {
  const inside = internals.get(bot);
  if (!inside) throw new Error("not a bot made by createCatOps");
  return inside;
}
