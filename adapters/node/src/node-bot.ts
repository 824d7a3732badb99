import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { createAlerts } from "@catops/alerts/create";
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
import { createSlackConnector } from "@catops/slack/create";
import { chatPlatformConfigured, configuredChatConnectors } from "./chat-connectors.js";
import { loadPluginDirectory } from "./plugins.js";
import { openSharedBackends, type SharedBackends } from "./shared.js";
import { wantsSocketMode } from "./socket-mode.js";
import { createSqliteStore } from "./store/sqlite.js";
import { createWebConnector, type WebConnector } from "./web-connector.js";

export interface NodeBotOptions extends Omit<CatOpsOptions, "store" | "plugins" | "alerts"> {
  /** A folder of plugin files, scanned and imported (TypeScript included). */
  pluginsDir?: string;
  /** Plugin modules loaded by other means; added to those of `pluginsDir`. */
  plugins?: readonly PluginModule[];
  /**
   * 'sqlite' (the default when neither CATOPS_DATABASE_URL nor CATOPS_REDIS_URL is set): a file
   * in `dataDir`; 'memory': gone on restart; 'shared': PostgreSQL and its job queue, or Redis, as
   * those variables say (the default when one is set); or any Store.
   */
  store?: "sqlite" | "memory" | "shared" | Store;
  /** Where the SQLite file lives. Default `.catops` in the working directory. */
  dataDir?: string;
  /** Configuration. Default process.env. */
  env?: Record<string, unknown>;
  /**
   * The web playground: true, false, or the connector to reuse (the dev server keeps one
   * across reloads). Default: on in local mode (no chat platform configured) or when
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

// The shared store and queue createNodeBot opened for a bot, for `serve` to work and close.
const sharedOf = new WeakMap<CatOps, SharedBackends>();
const playgroundOf = new WeakMap<CatOps, WebConnector>();

/** The playground's connector of a bot made by `createNodeBot`, for the page's feeds. */
export function playgroundConnectorOf(bot: CatOps): WebConnector | undefined {
  return playgroundOf.get(bot);
}

/** The shared store and job queue a bot of createNodeBot uses, when configured. */
export function sharedBackendsOf(bot: CatOps): SharedBackends | undefined {
  return sharedOf.get(bot);
}
export const DATABASE_FILE = "catops.db";

/**
 * A bot for a Node server: plugins from a folder, the SQLite store, the Slack connector when
 * a signing secret is configured, each other chat platform whose settings are present, and the
 * playground in local mode.
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
  const slack = env.SLACK_SIGNING_SECRET ? [createSlackConnector()] : [];
  const connectors = [...(rest.connectors ?? [...slack, ...configuredChatConnectors(env)])];
  const web = playgroundConnector(playground, env);
  if (web && !connectors.some((connector) => connector.name === "web")) connectors.push(web);

  const shared =
    store === undefined || store === "shared"
      ? await openSharedBackends(env, rest.logger)
      : undefined;
  if (store === "shared" && !shared)
    throw new Error('store "shared" needs CATOPS_DATABASE_URL or CATOPS_REDIS_URL');
  const bot = createCatOps({
    ...rest,
    // With job records in PostgreSQL, the database says when a job is cancelled: none polls.
    ...(shared?.cancelNotified && rest.cancelPollMs === undefined ? { cancelPollMs: 0 } : {}),
    env,
    plugins: [...(plugins ?? []), ...loaded],
    store: shared?.store ?? openStore(store === "shared" ? undefined : store, dataDir, rest.logger),
    connectors,
    alerts: alerts === false ? undefined : (alerts ?? createAlerts()),
  });
  if (shared) sharedOf.set(bot, shared);
  if (web) playgroundOf.set(bot, web);
  return bot;
}

/**
 * Local mode: no chat platform configured and no Slack Socket Mode token, so only the playground
 * and the CLI can run commands.
 */
export function isLocalMode(env: Record<string, unknown>): boolean {
  return !chatPlatformConfigured(env) && !wantsSocketMode(env);
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
  if (store === "shared") throw new Error('store "shared" is opened by createNodeBot');
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
