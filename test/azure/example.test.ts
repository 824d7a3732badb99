// examples/azure as deployed: its entry module is loaded with @azure/functions' `app` recording
// the registrations, which are checked against host.json, then driven with signed Slack
// requests, Table Storage and the jobs queue on azurite, and Slack's servers on the recorder.
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HttpFunctionOptions, StorageQueueFunctionOptions } from "@azure/functions";
import { generatePluginModule } from "@catops/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { vendorJson, vendorText } from "../fixtures/vendor.mjs";
import { type Azurite, startAzurite } from "../support/azurite.ts";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { drainQueue, invokeHttp, type RecordingApp } from "./host.ts";

const registered = vi.hoisted(() => ({
  http: new Map<string, HttpFunctionOptions>(),
  queues: new Map<string, StorageQueueFunctionOptions>(),
}));

vi.mock("@azure/functions", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@azure/functions")>();
  return {
    ...actual,
    app: {
      ...actual.app,
      http: (name: string, options: HttpFunctionOptions) => registered.http.set(name, options),
      storageQueue: (name: string, options: StorageQueueFunctionOptions) =>
        registered.queues.set(name, options),
    },
  };
});

const EXAMPLE = new URL("../../examples/azure/", import.meta.url);
const SECRET = "example-signing-secret-0123456789";
const BOT_TOKEN = "xoxb-example-0000-token";

let azurite: Azurite;
let recorder: Recorder;
const saved = { ...process.env };
const recording: RecordingApp = {
  app: { http: () => {}, storageQueue: () => {} },
  http: registered.http,
  queues: registered.queues,
  logs: [],
};

beforeAll(async () => {
  [azurite, recorder] = await Promise.all([startAzurite(), startRecorder()]);
  Object.assign(process.env, {
    AzureWebJobsStorage: azurite.connectionString,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_SLACK_API_URL: `${recorder.url}/api`,
  });
  await import("../../examples/azure/src/index.ts");
}, 60_000);

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await Promise.all([azurite?.stop(), recorder?.close()]);
});

const hostJson = () => JSON.parse(readFileSync(new URL("host.json", EXAMPLE), "utf8"));

function signed(body: string, contentType = "application/x-www-form-urlencoded"): Request {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
  return new Request("https://catops-example.azurewebsites.net/slack/events", {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": `v0=${signature}`,
    },
    body,
  });
}

function slashCommand(text: string, responsePath: string): Request {
  const params = new URLSearchParams(vendorText("slack/signing-docs-example.body.txt"));
  params.set("text", text);
  params.set("response_url", `${recorder.url}${responsePath}`);
  return signed(params.toString());
}

function buttonPress(actionId: string, value: string, responsePath: string, userId: string) {
  const payload = vendorJson("slack/interactivity-block-actions-message.payload.json");
  payload.actions = [{ ...payload.actions[0], action_id: actionId, value }];
  payload.response_url = `${recorder.url}${responsePath}`;
  payload.user.id = userId;
  return signed(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
}

describe("examples/azure registrations", () => {
  it("registers the HTTP catch-all and the jobs queue function", () => {
    expect([...registered.http.keys()]).toEqual(["catops-http"]);
    expect(registered.http.get("catops-http")).toMatchObject({
      route: "{*path}",
      methods: ["GET", "POST"],
      authLevel: "anonymous",
    });
    expect([...registered.queues.keys()]).toEqual(["catops-jobs"]);
    expect(registered.queues.get("catops-jobs")).toMatchObject({
      queueName: "catops-jobs",
      connection: "AzureWebJobsStorage",
    });
  });

  it("agrees with host.json: no route prefix, base64 queue messages, retries, timeout", async () => {
    const host = hostJson();
    expect(host.version).toBe("2.0");
    expect(host.extensions.http.routePrefix).toBe("");
    expect(host.extensions.queues).toMatchObject({ messageEncoding: "base64", maxDequeueCount: 5 });
    expect(host.functionTimeout).toBe("00:10:00");
    // Without a prefix to strip, /api/... is not a route: the prefix really is off.
    const prefixed = await invokeHttp(recording, new Request("http://localhost:7071/api/healthz"));
    expect(prefixed.status).toBe(404);
  });

  it("points package.json main at the bundle, and keeps secrets out of the settings example", () => {
    const manifest = JSON.parse(readFileSync(new URL("package.json", EXAMPLE), "utf8"));
    expect(manifest.main).toBe("dist/index.js");
    expect(manifest.type).toBe("module");
    const settings = JSON.parse(
      readFileSync(new URL("local.settings.json.example", EXAMPLE), "utf8"),
    ).Values;
    expect(settings.FUNCTIONS_WORKER_RUNTIME).toBe("node");
    expect(settings.AzureWebJobsStorage).toBe("UseDevelopmentStorage=true");
    expect(settings.SLACK_SIGNING_SECRET).toMatch(/^</);
    expect(settings.SLACK_BOT_TOKEN).toMatch(/^</);
  });

  it("ships the plugin module that generatePluginModule writes for examples/plugins", async () => {
    // Same relative layout in a scratch folder, so the generated import paths are comparable.
    const scratch = mkdtempSync(join(tmpdir(), "catops-azure-plugins-"));
    try {
      mkdirSync(join(scratch, "examples/azure/src"), { recursive: true });
      symlinkSync(fileURLToPath(new URL("../plugins", EXAMPLE)), join(scratch, "examples/plugins"));
      const expected = await generatePluginModule(join(scratch, "examples/plugins"), {
        outFile: join(scratch, "examples/azure/src/plugins.generated.ts"),
      });
      expect(readFileSync(new URL("src/plugins.generated.ts", EXAMPLE), "utf8")).toBe(expected);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe("examples/azure serving Slack", () => {
  it("answers a signed slash command from the example plugins", async () => {
    const response = await invokeHttp(recording, slashCommand("hi", "/commands/hi"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: "Meow!", response_type: "in_channel" });
    const help = await invokeHttp(recording, slashCommand("help", "/commands/help"));
    const { text } = (await help.json()) as { text: string };
    for (const name of ["check", "deploy", "echo", "hi", "whoami"])
      expect(text).toContain(`\`${name}\``);
  });

  it("refuses a request signed with another secret", async () => {
    const request = slashCommand("hi", "/commands/forged");
    request.headers.set("x-slack-signature", `v0=${"0".repeat(64)}`);
    const response = await invokeHttp(recording, request);
    expect(response.status).toBe(401);
  });

  it("confirms, queues and runs `deploy`, answering at the response_url", async () => {
    const asker = new URLSearchParams(vendorText("slack/signing-docs-example.body.txt")).get(
      "user_id",
    )!;
    const question = await invokeHttp(recording, slashCommand("deploy api", "/commands/deploy"));
    const body = (await question.json()) as { text: string; blocks: any[] };
    expect(body.text).toBe("Run `deploy api`?");
    const confirm = body.blocks
      .find((block) => block.type === "actions")
      .elements.find((button: any) => button.action_id === "catops.confirm");
    const press = await invokeHttp(
      recording,
      buttonPress("catops.confirm", confirm.value, "/actions/deploy", asker),
    );
    expect(press.status).toBe(200);
    const acknowledged = await recorder.waitFor((r) => r.path === "/actions/deploy");
    expect(acknowledged.json.text).toMatch(/^Running `deploy api`/);

    const deliveries = await drainQueue(recording, azurite.connectionString);
    expect(deliveries.map((d) => d.outcome)).toEqual(["completed"]);
    const done = await recorder.waitFor(
      (r) => r.path === "/actions/deploy" && r.json?.text?.startsWith("Deployed"),
    );
    expect(done.json.text).toBe("Deployed api@latest to staging.");
  });
});
