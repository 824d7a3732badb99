#!/usr/bin/env node
// The server behind `pnpm start`: node dist/cli.js --plugins examples/plugins
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startupBanner } from "./banner.js";
import { startDevServer } from "./dev.js";
import {
  createNodeBot,
  DATABASE_FILE,
  DEFAULT_DATA_DIR,
  isLocalMode,
  playgroundEnabled,
  sharedBackendsOf,
} from "./node-bot.js";
import { serve } from "./handler.js";
import { closeOnSignals } from "./shutdown.js";

const USAGE = `Usage: catops-node [options]

  -p, --plugins <dir>    plugins folder (default: ./plugins)
      --port <n>         port (default: PORT or 3000; 0 picks a free one)
      --host <name>      address to listen on (default: CATOPS_HOST, else 127.0.0.1 in
                         local mode and 0.0.0.0 with a chat platform configured)
      --data-dir <dir>   where the SQLite store lives (default: ./.catops)
      --memory           keep state in memory only
  -w, --watch            reload plugins when they change
      --grace <seconds>  how long shutdown waits for running jobs (default: 10)
  -h, --help             show this help`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      plugins: { type: "string", short: "p", default: "plugins" },
      port: { type: "string" },
      host: { type: "string" },
      "data-dir": { type: "string", default: DEFAULT_DATA_DIR },
      memory: { type: "boolean", default: false },
      watch: { type: "boolean", short: "w", default: false },
      grace: { type: "string", default: "10" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env as Record<string, unknown>;
  // An empty variable, as .env.example leaves them, means the default.
  const port = Number(values.port ?? (env.PORT || 3000));
  const graceSeconds = Number(values.grace);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`not a port: ${values.port ?? env.PORT}`);
  if (!Number.isFinite(graceSeconds) || graceSeconds < 0)
    fail(`not a number of seconds: ${values.grace}`);
  const local = isLocalMode(env);
  const hostname =
    values.host ?? ((env.CATOPS_HOST as string | undefined) || (local ? "127.0.0.1" : "0.0.0.0"));
  const botOptions = {
    pluginsDir: values.plugins,
    dataDir: values["data-dir"],
    // Unset: SQLite, or the shared database CATOPS_DATABASE_URL / CATOPS_REDIS_URL names.
    store: values.memory ? ("memory" as const) : undefined,
  };

  const running = values.watch
    ? await startDevServer({
        ...botOptions,
        port,
        hostname,
        onReload: ({ bot, error }) =>
          error
            ? console.error(`Plugins not reloaded, the previous ones stay: ${messageOf(error)}`)
            : console.log(`Plugins reloaded: ${bot?.commands.size} commands.`),
      })
    : await serve(await createNodeBot(botOptions), { port, hostname });
  const bot = running.bot();
  closeOnSignals(running, { graceMs: graceSeconds * 1000, logger: bot.logger });

  const shownHost = hostname === "0.0.0.0" || hostname === "::" ? "localhost" : undefined;
  console.log(
    startupBanner({
      url: shownHost ? `http://${shownHost}:${running.port}` : running.url,
      commands: bot.commands.size,
      pluginsDir: relative(process.cwd(), resolve(values.plugins)) || ".",
      local,
      playground: bot.connectorPaths.has("web"),
      store: values.memory
        ? "memory (gone on restart)"
        : (sharedBackendsOf(bot)?.description ?? join(values["data-dir"], DATABASE_FILE)),
      watching: values.watch,
      chats: ["slack", "mattermost", "discord", "teams", "google-chat"].flatMap((name) => {
        const paths = bot.connectorPaths.get(name);
        return paths ? [{ name, paths }] : [];
      }),
    }),
  );
  if (!local && playgroundEnabled(env) && hostname !== "127.0.0.1")
    console.warn("Warning: the playground is reachable from the network and has no login.");
}

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function messageOf(error: unknown): string {
  if ((error as NodeJS.ErrnoException)?.code === "EADDRINUSE")
    return "the port is in use: pick another with --port or PORT";
  return error instanceof Error ? error.message : String(error);
}

main().catch((error: unknown) => {
  console.error(`CatOps could not start: ${messageOf(error)}`);
  process.exit(1);
});
