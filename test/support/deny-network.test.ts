// The offline wrapper the ecosystem-tool tests rely on: it must see and refuse what a tool tries,
// through node:https (with a request path in its options) and fetch alike, and let loopback by.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runTool } from "./offline-tool.ts";

const dir = mkdtempSync(join(tmpdir(), "catops-deny-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("refuses and records https.get and fetch beyond loopback, and lets loopback through", async () => {
  const server = createServer((_request, response) => response.end("local"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const script = join(dir, "tries.mjs");
  writeFileSync(
    script,
    `import https from "node:https";
const viaHttps = await new Promise((resolve) =>
  https.get("https://ssm.us-east-1.amazonaws.com/path", resolve).on("error", (e) => resolve(e.code)));
const viaFetch = await fetch("https://registry.npmjs.org/wrangler").catch((e) => e.cause?.code);
const local = await (await fetch("http://127.0.0.1:${port}/")).text();
console.log(JSON.stringify({ viaHttps, viaFetch, local }));`,
  );
  const run = await runTool(script, [], { cwd: dir, timeoutMs: 30_000 });
  server.close();
  expect(JSON.parse(run.stdout)).toEqual({
    viaHttps: "ENETUNREACH",
    viaFetch: "ENETUNREACH",
    local: "local",
  });
  expect(run.denied).toEqual(["ssm.us-east-1.amazonaws.com:443", "registry.npmjs.org:443"]);
});
