// The example as it is published: examples/azure bundled by its own build script (from the
// packages' built dist), loaded by a fresh Node process next to the real @azure/functions. A
// stand-in for the host's @azure/functions-core records the function metadata exactly as the
// Functions host would receive it, and the registered HTTP handler answers a signed slash command.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorText } from "../fixtures/vendor.mjs";
import { type Azurite, startAzurite } from "../support/azurite.ts";

const EXAMPLE = fileURLToPath(new URL("../../examples/azure/", import.meta.url));

/** The host's side of @azure/functions: it collects what the app registers. */
const FAKE_CORE = `
const registered = (globalThis.__registered = []);
module.exports = {
  setProgrammingModel() {},
  registerFunction(metadata, handler) { registered.push({ metadata, handler }); return { dispose() {} }; },
  registerHook() { return { dispose() {} }; },
};
`;

/** Loads the bundle, then sends one signed slash command to the registered HTTP handler. */
const RUN = `
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
await import("./dist/index.js");
const { HttpRequest, InvocationContext } = createRequire(import.meta.url)("@azure/functions");
const registered = globalThis.__registered;
const http = registered.find((r) => r.metadata.name === "catops-http");
const body = process.env.BODY;
const timestamp = String(Math.floor(Date.now() / 1000));
const signature = "v0=" + createHmac("sha256", process.env.SLACK_SIGNING_SECRET).update("v0:" + timestamp + ":" + body).digest("hex");
const request = new HttpRequest({
  method: "POST",
  url: "https://catops-example.azurewebsites.net/slack/events",
  headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": timestamp, "x-slack-signature": signature },
  body: { string: body },
});
const context = new InvocationContext({ invocationId: "bundle-test", functionName: "catops-http", logHandler: () => {} });
const result = await http.handler(request, context);
console.log(JSON.stringify({
  metadata: registered.map((r) => r.metadata),
  status: result.status,
  reply: result.body,
}));
`;

let azurite: Azurite;
let app: string;

beforeAll(async () => {
  azurite = await startAzurite();
  app = mkdtempSync(join(tmpdir(), "catops-azure-bundle-"));
  const { bundleApp } = await import("../../examples/azure/scripts/bundle.mjs");
  await bundleApp(join(app, "dist"));
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ type: "module", main: "dist/index.js" }),
  );
  writeFileSync(join(app, "run.mjs"), RUN);
  const require = createRequire(join(EXAMPLE, "package.json"));
  const functions = realpathSync(dirname(require.resolve("@azure/functions/package.json")));
  mkdirSync(join(app, "node_modules/@azure"), { recursive: true });
  symlinkSync(functions, join(app, "node_modules/@azure/functions"));
  mkdirSync(join(app, "host-modules/@azure/functions-core"), { recursive: true });
  writeFileSync(
    join(app, "host-modules/@azure/functions-core/package.json"),
    JSON.stringify({ name: "@azure/functions-core", type: "commonjs", main: "index.js" }),
  );
  writeFileSync(join(app, "host-modules/@azure/functions-core/index.js"), FAKE_CORE);
}, 60_000);

afterAll(async () => {
  if (app) rmSync(app, { recursive: true, force: true });
  await azurite?.stop();
});

function runApp(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(app, "run.mjs")], {
      cwd: app,
      // @azure/functions finds the host's module through NODE_PATH, as it would in the worker.
      env: { PATH: process.env.PATH ?? "", NODE_PATH: join(app, "host-modules"), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the bundled example in a fresh process", () => {
  it("registers with the host and answers a signed slash command", async () => {
    const params = new URLSearchParams(vendorText("slack/signing-docs-example.body.txt"));
    params.set("text", "hi");
    const run = await runApp({
      SLACK_SIGNING_SECRET: "bundle-signing-secret-0123456",
      SLACK_BOT_TOKEN: "xoxb-bundle",
      AzureWebJobsStorage: azurite.connectionString,
      BODY: params.toString(),
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").pop()!);
    const [http, jobs] = out.metadata;
    expect(http.name).toBe("catops-http");
    const trigger = Object.values(http.bindings).find((b: any) => b.direction === "in");
    expect(trigger).toMatchObject({
      type: "httpTrigger",
      route: "{*path}",
      methods: ["GET", "POST"],
      authLevel: "anonymous",
    });
    expect(http.bindings.$return).toMatchObject({ type: "http", direction: "out" });
    expect(jobs.name).toBe("catops-jobs");
    expect(Object.values(jobs.bindings)).toEqual([
      expect.objectContaining({
        type: "queueTrigger",
        direction: "in",
        queueName: "catops-jobs",
        connection: "AzureWebJobsStorage",
      }),
    ]);
    expect(out.status).toBe(200);
    expect(JSON.parse(out.reply)).toEqual({ text: "Meow!", response_type: "in_channel" });
  });
});
