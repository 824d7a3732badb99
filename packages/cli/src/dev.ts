// `catops dev`: the local server from @catops/node, reloading plugins when they change.
import { closeOnSignals, hasSqliteDriver, startDevServer } from "@catops/node";
import { DEFAULT_PLUGINS_DIR } from "./bot.js";
import { CliError } from "./io.js";
import { parseOptions } from "./options.js";

export async function runDev(args: string[]): Promise<void> {
  const { values, positionals } = parseOptions("dev", args, {
    plugins: { type: "string", short: "p" },
    port: { type: "string" },
  });
  if (positionals.length > 0)
    throw new CliError(`catops dev takes no arguments (got ${positionals.join(" ")})`, 2);
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`not a port: ${values.port ?? process.env.PORT}`, 2);
  const pluginsDir = (values.plugins as string | undefined) ?? DEFAULT_PLUGINS_DIR;
  // Only Node projects install the native SQLite driver; the others' playground keeps its
  // state in memory, so a cloud project never builds better-sqlite3.
  const sqlite = hasSqliteDriver();
  const server = await startDevServer({
    pluginsDir,
    port,
    store: sqlite ? "sqlite" : "memory",
    onReload: ({ bot, error }) =>
      error
        ? console.error(`Plugins not reloaded, the previous ones stay: ${messageOf(error)}`)
        : console.log(`Plugins reloaded: ${bot?.commands.size} commands.`),
  });
  closeOnSignals(server, { logger: server.bot().logger });
  // One write: whoever waits for the address reads where the state is in the same chunk.
  const state = sqlite
    ? "State in .catops/catops.db (SQLite)."
    : "State in memory (no better-sqlite3 here).";
  console.log(
    `CatOps dev server on ${server.url}, watching ${pluginsDir}. Ctrl-C stops it.\n${state}`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
