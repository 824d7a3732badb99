import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CatOps, silentLogger } from "@catops/core";
import { afterAll, expect, it } from "vitest";
import { type DevServer, startDevServer } from "./dev.js";

const dir = mkdtempSync(join(tmpdir(), "catops-dev-"));
let server: DevServer | undefined;
afterAll(async () => {
  await server?.close({ graceMs: 500 });
  rmSync(dir, { recursive: true, force: true });
});

const say = async (url: string, text: string) => {
  const response = await fetch(`${url}/playground/command`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
  });
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.at(-1)!.text;
};

it("reloads edited plugins in place, keeps the conversation, and survives a broken file", async () => {
  writeFileSync(join(dir, "ping.ts"), 'export function ping(): string { return "pong 1"; }\n');
  const reloads: { bot?: CatOps; error?: unknown }[] = [];
  let notify = () => {};
  server = await startDevServer({
    pluginsDir: dir,
    port: 0,
    store: "memory",
    env: {},
    logger: silentLogger,
    debounceMs: 50,
    onReload: (result) => {
      reloads.push(result);
      notify();
    },
  });
  const nextReload = () => new Promise<void>((resolve) => (notify = resolve));
  expect(await say(server.url, "ping")).toBe("pong 1");

  let reloaded = nextReload();
  writeFileSync(join(dir, "ping.ts"), 'export function ping(): string { return "pong 2"; }\n');
  await reloaded;
  expect(await say(server.url, "ping")).toBe("pong 2");

  reloaded = nextReload();
  writeFileSync(join(dir, "broken.ts"), "export function oops( {\n");
  await reloaded;
  expect(reloads.at(-1)!.error).toBeDefined();
  expect(await say(server.url, "ping")).toBe("pong 2");

  const feed = await (await fetch(`${server.url}/playground/messages`)).json();
  expect(feed.messages.map((m: { text: string }) => m.text)).toEqual([
    "ping",
    "pong 1",
    "ping",
    "pong 2",
    "ping",
    "pong 2",
  ]);
}, 20_000);
