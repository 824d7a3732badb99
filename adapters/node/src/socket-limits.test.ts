// What a client can hold before it is authenticated, tried over real sockets on 127.0.0.1 with
// small limits: bodies past the limit, slow headers, slow bodies, too many connections.
import { connect, type Socket } from "node:net";
import { type Connector, createCatOps, type Logger, PlainResponse } from "@catops/core";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, type ServeOptions, serve } from "./handler.js";
import { logDrops } from "./socket-limits.js";

const running: RunningServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of running.splice(0)) await server.close({ graceMs: 100 });
});

function recordingLogger() {
  const lines: string[] = [];
  const at = (message: string) => void lines.push(message);
  const logger: Logger = { debug: at, info: at, warn: at, error: at };
  return { logger, lines };
}

// A route whose answer takes longer than the request timeouts the tests set.
const slowConnector: Connector = {
  name: "slow",
  paths: ["/slow"],
  async handle() {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return new PlainResponse("done");
  },
  async deliver() {
    return {};
  },
};

async function start(options: ServeOptions = {}, logger?: Logger) {
  const bot = createCatOps({
    logger,
    connectors: [slowConnector],
    commands: [{ name: "hi", run: () => "Meow!" }],
  });
  const server = await serve(bot, { port: 0, env: {}, ...options });
  running.push(server);
  return server;
}

/** A raw connection that collects what the server sends and tells when the server closed it. */
async function open(server: RunningServer) {
  const socket = connect(server.port, "127.0.0.1");
  sockets.push(socket);
  let received = "";
  socket.on("data", (chunk) => {
    received += chunk;
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { socket, closed, received: () => received };
}

describe("request bodies past the limit", () => {
  it("answers 413 and closes the connection once a streamed body passes the limit", async () => {
    const server = await start({ bodyLimit: 1024 });
    const client = await open(server);
    client.socket.write(
      "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    client.socket.write(`1000\r\n${"x".repeat(0x1000)}\r\n`);
    // The body is never finished: only a server that stops reading at the limit answers.
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(client.received()).toContain("body larger than 1024 bytes");
  });

  it("answers 413 and closes at once when the declared length is past the limit", async () => {
    const server = await start({ bodyLimit: 1024 });
    const client = await open(server);
    client.socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${30 * 1024 * 1024}\r\n\r\n`,
    );
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(client.received().toLowerCase()).toContain("connection: close");
  });

  it("still reads a body within the limit and keeps the connection", async () => {
    const server = await start({ bodyLimit: 1024 });
    const client = await open(server);
    const body = "x".repeat(1000);
    client.socket.write(
      `POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    await new Promise<void>((resolve) => client.socket.once("data", () => resolve()));
    expect(client.received()).toMatch(/^HTTP\/1\.1 404 /);
    expect(client.socket.destroyed).toBe(false);
  });
});

describe("slow clients", () => {
  it("closes a connection whose headers do not arrive within the header timeout", async () => {
    const server = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const client = await open(server);
    client.socket.write("POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a connection whose body does not arrive within the request timeout", async () => {
    const server = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const client = await open(server);
    client.socket.write(
      "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n0123456789",
    );
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("gives a request that arrived in time as long as its answer takes", async () => {
    const server = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const client = await open(server);
    client.socket.write("POST /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
    await new Promise<void>((resolve) => client.socket.once("data", () => resolve()));
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(client.received()).toContain("done");
  });

  it("closes a connection that sends nothing", async () => {
    const server = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const client = await open(server);
    await client.closed;
    expect(client.socket.destroyed).toBe(true);
  });
});

describe("the connection cap", () => {
  it("closes connections past maxConnections, logs it, and serves the ones it holds", async () => {
    const { logger, lines } = recordingLogger();
    const server = await start({ maxConnections: 2 }, logger);
    const held = [await open(server), await open(server)];
    const refused = await open(server);
    await refused.closed;
    expect(refused.received()).toBe("");
    expect(lines).toContain(
      "connection refused: the server already holds 2 connections (maxConnections)",
    );
    for (const client of held) {
      client.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await new Promise<void>((resolve) => client.socket.once("data", () => resolve()));
      expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    }
  });
});

describe("the limits a server gets unless told otherwise", () => {
  it("gives headers 5 s and the whole request 10 s, and holds at most 1,000 connections", async () => {
    const { server } = await start();
    expect(server.headersTimeout).toBe(5000);
    expect(server.requestTimeout).toBe(10_000);
    expect(server.maxConnections).toBe(1000);
  });

  it("logs the first connection refused at the cap and every hundredth, not each one", () => {
    const { logger, lines } = recordingLogger();
    const onDrop = logDrops(1000, () => logger);
    for (let i = 0; i < 250; i++) onDrop();
    expect(lines).toEqual(
      Array.from(
        { length: 3 },
        () => "connection refused: the server already holds 1000 connections (maxConnections)",
      ),
    );
  });
});
