// The playground answers only on loopback names (DNS rebinding), and never starts on a network
// address unless CATOPS_PLAYGROUND=1 says so.
import { request } from "node:http";
import { silentLogger } from "@catops/core";
import { afterEach, describe, expect, it } from "vitest";
import { isLoopbackName } from "./loopback.js";
import { createNodeBot } from "./node-bot.js";
import { type RunningServer, type ServeOptions, serve } from "./handler.js";

const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close({ graceMs: 1000 });
});

async function start(env: Record<string, unknown> = {}, options: ServeOptions = {}) {
  const bot = await createNodeBot({
    plugins: [{ file: "hi.ts", exports: { hi: () => "Meow!" } }],
    store: "memory",
    env,
    logger: silentLogger,
  });
  const server = await serve(bot, { port: 0, env, ...options });
  running.push(server);
  return server;
}

/** One request with the Host header as given, the way a rebinding browser sends it. */
function send(
  server: RunningServer,
  host: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: body === undefined ? "GET" : "POST",
        headers: {
          host,
          ...(body === undefined
            ? {}
            : { "content-type": "application/json", origin: `http://${host}` }),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("isLoopbackName", () => {
  it("knows localhost, *.localhost, 127.0.0.0/8 and ::1, and nothing else", () => {
    for (const name of [
      "localhost",
      "LOCALHOST",
      "app.localhost",
      "127.0.0.1",
      "127.8.9.10",
      "[::1]",
      "::1",
    ])
      expect(isLoopbackName(name), name).toBe(true);
    for (const name of [
      "attacker.example",
      "localhost.attacker.example",
      "0.0.0.0",
      "128.0.0.1",
      "10.0.0.1",
      "[::]",
      "127.0.0.1.nip.io",
    ])
      expect(isLoopbackName(name), name).toBe(false);
  });
});

describe("the playground behind a rebound name", () => {
  it("refuses the page, the feed and commands when Host is another name, with a clear 403", async () => {
    const server = await start();
    const evil = `attacker.example:${server.port}`;
    for (const path of ["/", "/playground/app.js", "/playground/messages", "/playground/jobs"]) {
      const answer = await send(server, evil, path);
      expect(answer.status, path).toBe(403);
      expect(answer.text).toContain("the playground answers only on localhost");
    }
    const command = await send(server, evil, "/playground/command", JSON.stringify({ text: "hi" }));
    expect(command.status).toBe(403);
    expect(command.text).not.toContain("Meow");
  });

  it("answers on loopback names and addresses", async () => {
    const server = await start();
    for (const host of ["localhost", "app.localhost", "127.0.0.1", "127.0.0.2", "[::1]"]) {
      const answer = await send(
        server,
        `${host}:${server.port}`,
        "/playground/command",
        JSON.stringify({ text: "hi" }),
      );
      expect(answer.status, host).toBe(200);
      expect(answer.text).toContain("Meow!");
    }
  });

  it("answers on the public host when one is configured, and only that one", async () => {
    const server = await start({ CATOPS_PUBLIC_URL: "https://bot.example.com" });
    expect((await send(server, "bot.example.com", "/playground/messages")).status).toBe(200);
    expect((await send(server, "other.example.com", "/playground/messages")).status).toBe(403);
  });

  it("leaves the other routes to the bot: /healthz answers whatever the Host", async () => {
    const server = await start();
    expect((await send(server, "attacker.example", "/healthz")).status).toBe(200);
  });
});

describe("the playground on a network address", () => {
  it("refuses to start without CATOPS_PLAYGROUND=1, saying so in one line", async () => {
    const refused = start({}, { hostname: "0.0.0.0" });
    await expect(refused).rejects.toThrow(
      /playground has no login.*0\.0\.0\.0.*CATOPS_PLAYGROUND=1/,
    );
    await expect(refused).rejects.not.toThrow(/\n/);
  });

  it("starts there when CATOPS_PLAYGROUND=1 is set", async () => {
    const server = await start({ CATOPS_PLAYGROUND: "1" }, { hostname: "0.0.0.0" });
    expect(server.hostname).toBe("0.0.0.0");
  });

  it("starts there without a playground (a Slack bot)", async () => {
    const server = await start({ SLACK_SIGNING_SECRET: "s3cr3t-signing" }, { hostname: "0.0.0.0" });
    expect(server.bot().connectorPaths.has("web")).toBe(false);
  });
});
