// One connection per replica that stays open: it holds the replica's liveness lock (a session
// advisory lock the server drops the moment the process dies) and LISTENs for the database's
// notifications. It reconnects by itself; after a reconnect, what it may have missed is checked.
import pg from "pg";
import type { Database } from "./database.js";

export interface ListenerOptions {
  database: Database;
  /** The connection string of a connection of its own (a pool cannot LISTEN). */
  connectionString?: string;
  /** The lock that says this replica is alive. */
  livenessKey: string;
  channels: Record<string, (payload: string) => void>;
  /** After a reconnect, for what notifications may have been missed. */
  onReconnect?: () => void;
  onError?: (error: unknown) => void;
}

export interface Listener {
  stop(): Promise<void>;
}

export async function startListener(options: ListenerOptions): Promise<Listener> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client(clientConfig(options));
    next.on("error", (error) => options.onError?.(error));
    next.on("notification", (message) => {
      const handler = options.channels[message.channel];
      if (handler) handler(message.payload ?? "");
    });
    await next.connect();
    try {
      await next.query("SELECT pg_advisory_lock(hashtext($1))", [options.livenessKey]);
      for (const channel of Object.keys(options.channels))
        await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    next.once("end", () => {
      if (stopped) return;
      options.onError?.(new Error("the notification connection closed; reconnecting"));
      reconnect(250);
    });
    client = next;
  }

  function reconnect(delayMs: number): void {
    retry = setTimeout(() => {
      connect().then(
        () => options.onReconnect?.(),
        (error) => {
          options.onError?.(error);
          if (!stopped) reconnect(Math.min(delayMs * 2, 10_000));
        },
      );
    }, delayMs);
    retry.unref();
  }

  await connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

function clientConfig(options: ListenerOptions): pg.ClientConfig {
  if (options.connectionString) return { connectionString: options.connectionString };
  // The pool's own settings (host, user, password, ssl...) for a connection outside it.
  const { max: _max, idleTimeoutMillis: _idle, ...config } = options.database.pool.options;
  return config as pg.ClientConfig;
}
