// A local WebSocket server playing Slack's side of Socket Mode: it greets each connection with
// Slack's `hello`, and keeps every connection and every message the app sent on them.
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import { vendorText } from "./fixtures.ts";

export interface SlackSocket {
  /** ws://127.0.0.1:<port>/link/: what apps.connections.open answers with. */
  url: string;
  /** Every connection the app opened, oldest first. */
  connections: WebSocket[];
  /** Every message the app sent, parsed, with the index of the connection it came on. */
  received: { connection: number; message: any }[];
  /** Resolves with connection number `after + 1` once the app has opened it. */
  nextConnection(after: number): Promise<WebSocket>;
  /** Resolves with the app's acknowledgement of the envelope `envelopeId`. */
  ackFor(envelopeId: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export async function startSlackSocket(): Promise<SlackSocket> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const connections: WebSocket[] = [];
  const received: SlackSocket["received"] = [];
  const wake = new Set<() => void>();
  const changed = () => {
    for (const fn of [...wake]) fn();
  };
  const until = <T>(check: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        wake.delete(test);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const test = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        wake.delete(test);
        resolve(value);
      };
      wake.add(test);
      test();
    });
  server.on("connection", (ws) => {
    const index = connections.push(ws) - 1;
    ws.on("message", (data) => {
      received.push({ connection: index, message: JSON.parse(data.toString()) });
      changed();
    });
    ws.send(vendorText("slack/socket-mode-hello.json"));
    changed();
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/link/`,
    connections,
    received,
    nextConnection: (after) => until(() => connections[after], `connection ${after + 1}`),
    ackFor: (id, timeoutMs) =>
      until(
        () => received.find((r) => r.message.envelope_id === id)?.message,
        `the acknowledgement of ${id}`,
        timeoutMs,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => resolve());
      }),
  };
}
