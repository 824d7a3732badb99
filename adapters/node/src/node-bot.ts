import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { createAlerts } from "@catops/alerts";
import {
  type AlertHandler,
  type CatOps,
  type CatOpsOptions,
  createCatOps,
  createMemoryStore,
  type Logger,
  type PluginModule,
  type Store,
} from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import { loadPluginDirectory } from "./plugins.js";
import { wantsSocketMode } from "./socket-mode.js";
import { createSqliteStore } from "./store/sqlite.js";
import { createWebConnector, type WebConnector } from "./web-connector.js";

export interface NodeBotOptions extends Omit<CatOpsOptions, "store" | "plugins" | "alerts"> {
  /** A folder of plugin files, scanned and imported (TypeScript included). */
  pluginsDir?: string;
  /** Plugin modules loaded by other means; added to those of `pluginsDir`. */
  plugins?: readonly PluginModule[];
  /** 'sqlite' (default): a file in `dataDir`; 'memory': gone on restart; or any Store. */
  store?: "sqlite" | "memory" | Store;
  /** Where the SQLite file lives. Default `.catops` in the working directory. */
  dataDir?: string;
  /** Configuration. Default process.env. */
  env?: Record<string, unknown>;
  /**
   * The web playground: true, false, or the connector to reuse (the dev server keeps one
   * across reloads). Default: on in local mode (no SLACK_SIGNING_SECRET) or when
   * CATOPS_PLAYGROUND=1.
   */
  playground?: boolean | WebConnector;
  /** Import the plugin files again even when this process loaded them before (dev reloads). */
  freshPlugins?: boolean;
  /**
   * Monitoring webhooks at /alerts/<source> and the on-call rota. Default: `createAlerts()`,
   * configured by CATOPS_ALERT_TOKEN and CATOPS_ALERT_CHANNEL; `false` turns them off.
   */
  alerts?: AlertHandler | false;
}

export const DEFAULT_DATA_DIR = ".catops";
export const DATABASE_FILE = "catops.db";

/**
 * A bot for a Node server: plugins from a folder, the SQLite store, the Slack connector when
 * a signing secret is configured, and the playground in local mode.
 */
export async function createNodeBot(options: NodeBotOptions = {}): Promise<CatOps> {
  const {
    pluginsDir,
    plugins,
    store,
    dataDir,
    env: givenEnv,
    playground,
    freshPlugins,
    alerts,
    ...rest
  } = options;
  const env = givenEnv ?? processEnv();
  const loaded = pluginsDir
    ? await loadPluginDirectory(resolve(pluginsDir), { fresh: freshPlugins })
    : [];
  const connectors = [...(rest.connectors ?? (isLocalMode(env) ? [] : [createSlackConnector()]))];
  const web = playgroundConnector(playground, env);
  if (web && !connectors.some((connector) => connector.name === "web")) connectors.push(web);

  return createCatOps({
    ...rest,
    env,
    plugins: [...(plugins ?? []), ...loaded],
    store: openStore(store, dataDir, rest.logger),
    connectors,
    alerts: alerts === false ? undefined : (alerts ?? createAlerts()),
  });
}

/**
 * Local mode: no Slack signing secret and no Socket Mode token, so only the playground and the
 * CLI can run commands.
 */
export function isLocalMode(env: Record<string, unknown>): boolean {
  return !env.SLACK_SIGNING_SECRET && !wantsSocketMode(env);
}

/** Whether the playground is mounted by default for this configuration. */
export function playgroundEnabled(env: Record<string, unknown>): boolean {
  return isLocalMode(env) || env.CATOPS_PLAYGROUND === "1";
}

export function openStore(
  store: NodeBotOptions["store"],
  dataDir?: string,
  logger?: Logger,
): Store {
  if (typeof store === "object") return store;
  if (store === "memory") return createMemoryStore();
  const path = join(resolve(dataDir ?? DEFAULT_DATA_DIR), DATABASE_FILE);
  return createSqliteStore({ path, logger });
}

function playgroundConnector(
  playground: NodeBotOptions["playground"],
  env: Record<string, unknown>,
): WebConnector | undefined {
  if (typeof playground === "object") return playground;
  if (!(playground ?? playgroundEnabled(env))) return undefined;
  return createWebConnector({ user: { id: "ULOCAL", name: localUserName() } });
}

function localUserName(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}

function processEnv(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([, value]) => typeof value === "string"),
  );
}
