// Helpers for testing plugins: dispatch a command and look at the reply, no server needed.
import { createCatOps, type CatOpsOptions } from "./bot.js";
import { silentLogger } from "./logger.js";
import type { PluginModule } from "./registry.js";
import type { CommandEvent, Reply } from "./types.js";

export interface TestBot {
  /** Runs one command line as typed in chat and resolves to the reply. */
  run(text: string, event?: Partial<CommandEvent>): Promise<Reply | undefined>;
  /** The reply's text, or '' when there is none. */
  text(text: string, event?: Partial<CommandEvent>): Promise<string>;
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
  const run = (text: string, event: Partial<CommandEvent> = {}) =>
    bot.dispatch({
      user: { id: "UTEST", name: "tester" },
      channel: { id: "CTEST", name: "test" },
      source: "test",
      ...event,
      command: [],
      text,
    });
  return { run, text: async (line, event) => (await run(line, event))?.text ?? "" };
}
