// Slack Socket Mode: the server connects out to Slack over a WebSocket (no public URL needed),
// acknowledges each envelope by its envelope_id, and hands the payload to the same Slack
// connector, kit and engine as the HTTP route. Reconnects on `disconnect` messages and drops.
import type { CatOps, Logger, Runtime } from "@catops/core";
import type { WebSocket } from "ws";

export interface SocketModeOptions {
  /** The app-level token (xapp-…) that may call apps.connections.open. */
  appToken: string;
  /** The bot being served, read afresh for each envelope (the dev server swaps it). */
  bot(): CatOps;
  /** Where background work (replies after the acknowledgement) runs. */
  runtime: Runtime;
  /** Configuration: CATOPS_SLACK_API_URL is read from it. */
  env?: Record<string, unknown>;
  /** First reconnect delay in ms, doubled after each failure up to `maxBackoffMs`. Default 1000. */
  minBackoffMs?: number;
  /** Default 30 000. */
  maxBackoffMs?: number;
  /**
   * An envelope not answered within this many ms is acknowledged empty. Default 2800: after the
   * engine's own deadline (2500), whose "still working" answer then goes in the acknowledgement,
   * and before Slack's 3 s.
   */
  ackTimeoutMs?: number;
}

export interface SocketModeClient {
  /** Resolves once a connection has said hello. */
  ready(): Promise<void>;
  /** Stops reconnecting and closes the connection. */
  close(): Promise<void>;
}

interface Envelope {
  envelope_id?: unknown;
  type?: unknown;
  payload?: unknown;
  accepts_response_payload?: unknown;
  reason?: unknown;
}

const SERVED = new Set(["events_api", "slash_commands", "interactive"]);

/** Socket Mode is used when an app-level token is set and the server has no public URL. */
export function wantsSocketMode(env: Record<string, unknown>): boolean {
  const token = env.SLACK_APP_TOKEN;
  return typeof token === "string" && token.startsWith("xapp-") && !env.CATOPS_PUBLIC_URL;
}

export function startSocketMode(options: SocketModeOptions): SocketModeClient {
  const minBackoff = options.minBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const ackTimeout = options.ackTimeoutMs ?? 2800;
  const log = (): Logger => options.bot().logger;
  let socket: WebSocket | undefined;
  let closing = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let markReady: () => void = () => {};
  const readyPromise = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  async function connect(): Promise<void> {
    if (closing) return;
    let url: string;
    try {
      url = await openConnection();
    } catch (error) {
      log().error("Socket Mode: apps.connections.open failed", { error: String(error) });
      return retryLater();
    }
    if (closing) return;
    // Loaded only here: a server that never uses Socket Mode never loads ws.
    const { WebSocket } = await import("ws");
    const ws = new WebSocket(url);
    socket = ws;
    ws.on("message", (data) => void onMessage(ws, data.toString()));
    ws.on("error", (error) => log().warn("Socket Mode connection error", { error: error.message }));
    ws.on("close", () => {
      if (socket !== ws || closing) return;
      socket = undefined;
      log().warn("Socket Mode connection dropped; reconnecting");
      retryLater();
    });
  }

  async function openConnection(): Promise<string> {
    // Loaded here, not at the top: the package root would bring every Slack helper into the
    // cold path of a server that serves Slack over HTTP.
    const { createSlackWebClient, slackApiUrl } = await import("@catops/slack");
    const client = createSlackWebClient({
      token: options.appToken,
      apiUrl: slackApiUrl({}, { env: options.env ?? {} }),
      retries: 0,
      log: log(),
    });
    const result = await client.openConnection();
    const url = (result.body as { url?: unknown } | undefined)?.url;
    if (!result.ok || typeof url !== "string") throw new Error(result.error ?? "no url");
    return url;
  }

  function retryLater(): void {
    if (closing) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** failures);
    failures++;
    retryTimer = setTimeout(() => void connect(), delay);
    retryTimer.unref?.();
  }

  /** Slack asked to reconnect: open the next connection, then let the old one go. */
  function refresh(old: WebSocket, reason: string): void {
    log().info("Socket Mode: Slack asked to reconnect", { reason });
    if (socket === old) socket = undefined;
    old.close();
    if (reason === "link_disabled") retryLater();
    else void connect();
  }

  async function onMessage(ws: WebSocket, text: string): Promise<void> {
    let message: Envelope;
    try {
      message = JSON.parse(text) as Envelope;
    } catch {
      log().warn("Socket Mode: a message that is not JSON was ignored");
      return;
    }
    if (message.type === "hello") {
      failures = 0;
      markReady();
      return;
    }
    if (message.type === "disconnect") return refresh(ws, String(message.reason ?? ""));
    if (typeof message.envelope_id !== "string") return;
    await acknowledge(ws, message as Envelope & { envelope_id: string });
  }

  /** Answers an envelope through the Slack connector, acknowledged in time whatever happens. */
  async function acknowledge(ws: WebSocket, envelope: Envelope & { envelope_id: string }) {
    let acked = false;
    const ack = (payload?: unknown) => {
      if (acked) return;
      acked = true;
      const body =
        payload !== undefined && envelope.accepts_response_payload !== false
          ? { envelope_id: envelope.envelope_id, payload }
          : { envelope_id: envelope.envelope_id };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(body));
    };
    const timer = setTimeout(() => {
      log().warn("Socket Mode: envelope acknowledged before its answer was ready", {
        type: envelope.type,
      });
      ack();
    }, ackTimeout);
    try {
      const bot = options.bot();
      const type = String(envelope.type);
      const received = SERVED.has(type)
        ? await bot.receive("slack", type, envelope.payload, options.runtime)
        : undefined;
      if (!received) {
        bot.logger.info("Socket Mode envelope acknowledged", { type });
        return ack();
      }
      ack(received.answer);
    } catch (error) {
      // A malformed payload (a 400 over HTTP): acknowledged so Slack does not send it again.
      log().warn("Socket Mode envelope refused", {
        type: envelope.type,
        reason: error instanceof Error ? error.message : String(error),
      });
      ack();
    } finally {
      clearTimeout(timer);
    }
  }

  void connect();

  return {
    ready: () => readyPromise,
    async close() {
      closing = true;
      clearTimeout(retryTimer);
      const open = socket;
      socket = undefined;
      if (!open || open.readyState === open.CLOSED) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          open.terminate();
          resolve();
        }, 2000);
        open.once("close", () => {
          clearTimeout(timer);
          resolve();
        });
        open.close();
      });
    },
  };
}
