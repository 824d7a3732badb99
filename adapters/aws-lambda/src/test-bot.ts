// A small bot for this package's tests: a JSON connector at /test/commands whose late replies
// go to the event's responseUrl, and a few commands (quick, slow, deferred, stuck).
import {
  type CatOpsOptions,
  type Connector,
  createCatOps,
  json,
  readBody,
  silentLogger,
} from "@catops/core";

export const testConnector: Connector = {
  name: "test",
  paths: ["/test/commands"],
  async handle(request, kit) {
    const { text, responseUrl } = JSON.parse(await readBody(request, kit.bodyLimit));
    const reply = await kit.execute({
      command: [],
      text,
      responseUrl,
      source: "test",
      user: { id: "U1" },
    });
    return json({ reply, secret: kit.env.TEST_SECRET ?? null });
  },
  async deliver(event, reply) {
    if (!event.responseUrl) return { error: "no response URL" };
    const response = await fetch(event.responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(reply),
    });
    await response.body?.cancel();
    return response.ok ? {} : { error: `HTTP ${response.status}` };
  },
};

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export function createTestBot(options: CatOpsOptions = {}) {
  return createCatOps({
    logger: silentLogger,
    connectors: [testConnector],
    commands: [
      { name: "hi", run: () => "Meow!" },
      {
        name: "lag",
        run: async () => {
          await sleep(150);
          return "late answer";
        },
      },
      {
        name: "crawl",
        run: async () => {
          await sleep(1500);
          return "finally";
        },
      },
      {
        name: "build",
        defer: true,
        run: async () => {
          await sleep(20);
          return "built";
        },
      },
      {
        name: "stuck",
        defer: true,
        run: async ({ signal }) => {
          await sleep(60_000, signal);
          return "never";
        },
      },
    ],
    ...options,
  });
}

/** A POST to the test connector, as a Web Request. */
export function commandRequest(text: string, responseUrl?: string): Request {
  return new Request("https://example.test/test/commands", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, responseUrl }),
  });
}
