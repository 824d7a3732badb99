// What a client may hold before it has been authenticated: a few seconds to send its request,
// and a share of a bounded number of connections. node:http's own defaults (headers 60 s, the
// whole request 300 s, checked every 30 s, no connection cap) let a handful of slow clients
// hold the server.
import type { ServerOptions } from "node:http";
import type { Logger } from "@catops/core";

export const DEFAULT_HEADERS_TIMEOUT_MS = 5000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONNECTIONS = 1000;

export interface SocketLimitOptions {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** node:http server options enforcing the header and request timeouts. */
export function socketLimits(options: SocketLimitOptions): ServerOptions {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(
    headersTimeout,
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
  return {
    headersTimeout,
    requestTimeout,
    // node:http looks for late requests on this interval: a quarter of the shorter timeout keeps
    // a late client's grace within a quarter of its timeout.
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

// A flood of refused connections would otherwise be a flood of log lines.
const LOG_EVERY = 100;

/** A 'drop' listener: logs the first connection refused at the cap, then every hundredth. */
export function logDrops(cap: number, logger: () => Logger): () => void {
  let dropped = 0;
  return function onDrop() {
    dropped++;
    if (dropped === 1 || dropped % LOG_EVERY === 0)
      logger().warn(
        `connection refused: the server already holds ${cap} connections (maxConnections)`,
        {
          dropped,
        },
      );
  };
}
