import { type FSWatcher, watch } from "node:fs";
import type { CatOps } from "@catops/core";
import { createNodeBot, type NodeBotOptions, openStore, playgroundEnabled } from "./node-bot.js";
import { type RunningServer, serve } from "./handler.js";
import { createWebConnector } from "./web-connector.js";

export interface DevServerOptions extends Omit<NodeBotOptions, "pluginsDir"> {
  pluginsDir: string;
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  hostname?: string;
  /** Told after every reload: the new bot, or why the old one was kept. */
  onReload?: (result: { bot?: CatOps; error?: unknown }) => void;
  /** ms to wait for more changes before reloading. Default 150. */
  debounceMs?: number;
}

export interface DevServer extends RunningServer {
  /** Loads the plugins again and swaps the bot; keeps the old one when loading fails. */
  reload(): Promise<void>;
}

/**
 * The server `catops dev` runs: the plugins folder is watched, and every change rebuilds the
 * bot in place. The store and the playground's conversation survive reloads.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { port, hostname, onReload, debounceMs = 150, ...botOptions } = options;
  const env = botOptions.env ?? (process.env as Record<string, unknown>);
  const store = openStore(botOptions.store, botOptions.dataDir, botOptions.logger);
  const playground =
    botOptions.playground ?? (playgroundEnabled(env) ? createWebConnector() : false);
  const build = () => createNodeBot({ ...botOptions, store, playground, freshPlugins: true });

  const running = await serve(await build(), { port, hostname, env: botOptions.env });
  let reloading: Promise<void> = Promise.resolve();

  function reload(): Promise<void> {
    reloading = reloading.then(async () => {
      try {
        const bot = await build();
        running.replaceBot(bot);
        onReload?.({ bot });
      } catch (error) {
        onReload?.({ error });
      }
    });
    return reloading;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const watcher: FSWatcher = watch(options.pluginsDir, { recursive: true }, (_event, file) => {
    if (file && /(^|[\\/])(node_modules|\.)/.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  });

  return {
    ...running,
    reload,
    async close(closeOptions) {
      watcher.close();
      clearTimeout(timer);
      await reloading;
      return running.close(closeOptions);
    },
  };
}
