// Helpers for testing plugins: dispatch a command and look at the reply, no server needed. The
// commands run through the same engine as in chat, so a test sees the rules production runs.
import { type CatOps, createCatOps, type DispatchOptions } from "./bot.js";
import type { CatOpsOptions } from "./bot-options.js";
import type { Connector, ConnectorKit } from "./connector.js";
import { internalsOf } from "./internals.js";
import type { Jobs } from "./engine/jobs.js";
import { silentLogger } from "./logger.js";
import type { PluginModule } from "./dispatch/registry.js";
import type { CommandEvent, Reply, Runtime } from "./types.js";

export interface TestRunOptions extends Partial<CommandEvent> {
  /** Answers a confirmation; without it, a `confirm` command's reply is the question. */
  confirm?: DispatchOptions["confirm"];
}

export interface TestBot {
  /** Runs one command line as typed in chat and resolves to the first reply. */
  run(text: string, event?: TestRunOptions): Promise<Reply | undefined>;
  /** The first reply's text, or '' when there is none. */
  text(text: string, event?: TestRunOptions): Promise<string>;
  /** Waits for background work (deferred jobs, slow commands) and resolves to their replies. */
  settle(): Promise<Reply[]>;
  /** Every reply that came later than the first, in order. */
  readonly lateReplies: readonly Reply[];
  readonly bot: ReturnType<typeof createCatOps>;
}

/** A bot over the given plugin modules (`{ 'ops.ts': await import('./ops.js') }`), with a memory store. */
export function createTestBot(
  plugins: Record<string, Record<string, unknown>> | readonly PluginModule[],
  options: CatOpsOptions = {},
): TestBot {
  const modules = Array.isArray(plugins)
    ? (plugins as readonly PluginModule[])
    : Object.entries(plugins as Record<string, Record<string, unknown>>).map(([file, exports]) => ({
        file,
        exports,
      }));
  const bot = createCatOps({ logger: silentLogger, ...options, plugins: modules });
  const background = new Set<Promise<unknown>>();
  const lateReplies: Reply[] = [];
  const runtime = {
    waitUntil(promise: Promise<unknown>) {
      const tracked = promise.finally(() => background.delete(tracked));
      background.add(tracked);
    },
  };
  const run = (text: string, { confirm, ...event }: TestRunOptions = {}) =>
    bot.dispatch(
      {
        user: { id: "UTEST", name: "tester" },
        channel: { id: "CTEST", name: "test" },
        source: "test",
        ...event,
        command: [],
        text,
      },
      { confirm, runtime, onReply: (reply) => lateReplies.push(reply) },
    );
  async function settle(): Promise<Reply[]> {
    const from = lateReplies.length;
    while (background.size > 0) await Promise.allSettled([...background]);
    return lateReplies.slice(from);
  }
  return {
    run,
    text: async (line, event) => (await run(line, event))?.text ?? "",
    settle,
    lateReplies,
    bot,
  };
}

/** The bot's job records, for a test to look at or arrange. */
export function jobsOf(bot: CatOps): Jobs {
  return internalsOf(bot).jobs;
}

/** The bot's connector of that name, for a test that calls it outside a request. */
export function connectorOf(bot: CatOps, name: string): Connector {
  const connector = internalsOf(bot).connector(name);
  if (!connector) throw new Error(`the bot has no connector named "${name}"`);
  return connector;
}

/** The kit a connector of the bot gets with a request, for a test that calls it directly. */
export function kitFor(
  bot: CatOps,
  connector: Connector,
  runtime: Runtime = {},
  requestId = "test-request",
): ConnectorKit {
  return internalsOf(bot).kitFor(connector, runtime, requestId);
}
