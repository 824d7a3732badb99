import { command, createCatOps, silentLogger } from "@catops/core";
import { afterEach, describe, expect, it } from "vitest";
import { createNodeBot } from "./node-bot.js";
import { type RunningServer, serve } from "./handler.js";
import { createWebConnector } from "./web-connector.js";

const running: RunningServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close({ graceMs: 1000 });
});

const plugins = [
  {
    file: "test.ts",
    exports: {
      hi: () => "Meow!",
      shout: command({
        args: { text: { required: true, rest: true } },
        run: ({ args }) => `*${args.text}*`,
      }),
      later: command({ defer: true, run: () => "done later" }),
      careful: command({ confirm: true, run: () => "carefully done" }),
    },
  },
];

async function start(options: { playground?: boolean; env?: Record<string, unknown> } = {}) {
  const env = options.env ?? {};
  const bot = await createNodeBot({
    plugins,
    store: "memory",
    env,
    logger: silentLogger,
    playground: options.playground,
  });
  const server = await serve(bot, { port: 0, env });
  running.push(server);
  return server;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("serve", () => {
  it("listens on a free port and answers /healthz", async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${server.url}/healthz`);
    const health = await response.json();
    expect(health).toMatchObject({ ok: true, commands: server.bot().commands.size });
    expect(server.bot().commands.has("shout")).toBe(true);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });

  it("serves the playground page with a strict content security policy", async () => {
    const server = await start();
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/playground/app.js">');
    for (const asset of ["app.js", "render.js", "style.css"]) {
      expect((await fetch(`${server.url}/playground/${asset}`)).status).toBe(200);
    }
  });

  it("runs playground commands and keeps the conversation for polling", async () => {
    const server = await start();
    const response = await post(`${server.url}/playground/command`, { text: "hi" });
    const { messages } = await response.json();
    expect(messages).toMatchObject([
      { from: "user", text: "hi" },
      { from: "bot", text: "Meow!" },
    ]);
    const feed = await (await fetch(`${server.url}/playground/messages?after=1`)).json();
    expect(feed.messages.map((m: { text: string }) => m.text)).toEqual(["Meow!"]);
  });

  it("delivers deferred results to the feed and lists the job as succeeded", async () => {
    const server = await start();
    const { messages } = await (
      await post(`${server.url}/playground/command`, { text: "later" })
    ).json();
    expect(messages[1].text).toMatch(/^Running `later`… \(job `\w+`\)$/);
    const jobs = await poll(
      async () => (await (await fetch(`${server.url}/playground/jobs`)).json()).jobs,
      (list) => list[0]?.state === "succeeded",
    );
    expect(jobs[0]).toMatchObject({ command: "later", state: "succeeded", result: "done later" });
    const feed = await (await fetch(`${server.url}/playground/messages?after=2`)).json();
    expect(feed.messages).toMatchObject([{ from: "bot", text: "done later" }]);
  });

  it("confirms through a button press that replaces the question", async () => {
    const server = await start();
    const { messages } = await (
      await post(`${server.url}/playground/command`, { text: "careful" })
    ).json();
    const question = messages[1];
    const run = question.buttons.find((b: { text: string }) => b.text === "Run");
    const pressed = await post(`${server.url}/playground/action`, {
      action: run.action,
      value: run.value,
      message: question.seq,
    });
    expect((await pressed.json()).messages).toMatchObject([
      { text: "carefully done", replaces: question.seq },
    ]);
  });

  it("refuses malformed and cross-site playground requests without running anything", async () => {
    const server = await start();
    const url = `${server.url}/playground/command`;
    expect((await post(url, "{not json")).status).toBe(400);
    expect((await post(url, { text: 42 })).status).toBe(400);
    expect((await post(url, { text: "hi" }, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(url, { text: "hi" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(url, { text: "hi" }, { origin: "null" })).status).toBe(403);
    expect((await fetch(url)).status).toBe(405);
    const feed = await (await fetch(`${server.url}/playground/messages`)).json();
    expect(feed.messages).toEqual([]);
    expect((await post(url, { text: "hi" }, { origin: server.url })).status).toBe(200);
  });

  it("mounts no playground when a Slack signing secret is set, unless CATOPS_PLAYGROUND=1", async () => {
    const slack = await start({ env: { SLACK_SIGNING_SECRET: "s3cr3t-signing" } });
    expect((await fetch(`${slack.url}/`)).status).toBe(404);
    expect((await post(`${slack.url}/playground/command`, { text: "hi" })).status).toBe(404);
    expect((await post(`${slack.url}/slack/events`, "token=x")).status).toBe(401);
    const both = await start({
      env: { SLACK_SIGNING_SECRET: "s3cr3t-signing", CATOPS_PLAYGROUND: "1" },
    });
    expect((await fetch(`${both.url}/`)).status).toBe(200);
  });

  it("serves a replaced bot from the next request on", async () => {
    const server = await start();
    const web = createWebConnector();
    server.replaceBot(
      createCatOps({
        logger: silentLogger,
        connectors: [web],
        plugins: [{ file: "b.ts", exports: { hi: () => "Purr." } }],
      }),
    );
    const { messages } = await (
      await post(`${server.url}/playground/command`, { text: "hi" })
    ).json();
    expect(messages[1].text).toBe("Purr.");
  });

  it("answers 503 once closing and reports a clean shutdown", async () => {
    const server = await start();
    const report = await server.close({ graceMs: 500 });
    expect(report).toEqual({ settled: true, interrupted: [], handedBack: [] });
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
