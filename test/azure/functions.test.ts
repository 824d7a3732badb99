// registerCatOps through its real registrations: the HTTP function driven with
// @azure/functions' HttpRequest/InvocationContext, the queue path through azurite's queue.
import { jobsOf } from "@catops/core/testing";
import { createHash } from "node:crypto";
import { QueueClient } from "@azure/storage-queue";
import { createTableStore, registerCatOps } from "@catops/azure-functions";
import {
  type AlertHandler,
  type CatOpsOptions,
  command,
  createCatOps,
  json,
  type Store,
  createLogger,
  silentLogger,
} from "@catops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorText } from "../fixtures/vendor.mjs";
import { AZURITE_KEY, type Azurite, startAzurite } from "../support/azurite.ts";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { drainQueue, invokeHttp, peekQueue, recordingApp } from "./host.ts";
import { relayConnector } from "./relay-connector.ts";

const SECRET = "s3cr3t-signing-value-0123";
const FIXTURE = "monitoring/azure-monitor-common-alert-schema.metric-alert.json";

let azurite: Azurite;
let recorder: Recorder;
let tableStore: Store;
let queueCount = 0;

beforeAll(async () => {
  [azurite, recorder] = await Promise.all([startAzurite(), startRecorder()]);
  tableStore = createTableStore({
    connectionString: azurite.connectionString,
    tableName: "functions",
  });
}, 60_000);
afterAll(async () => {
  await Promise.all([azurite?.stop(), recorder?.close()]);
});

const plugin = {
  file: "ops.ts",
  exports: {
    hi: () => "Meow!",
    deploy: command({
      description: "a deferred command",
      args: { service: { required: true } },
      defer: true,
      run: ({ args, log }) => {
        log.info("deploying", { service: args.service });
        return `Deployed ${args.service}.`;
      },
    }),
    chatty: command({
      run: ({ log }) => {
        log.info("hello from the plugin", { note: `the secret is ${SECRET}` });
        log.info("storage", { note: `connected with ${azurite.connectionString}` });
        return "logged";
      },
    }),
  },
};

/** A bot with the relay connector on the azurite table store, registered on a recording app. */
function setup(
  options: {
    store?: Store;
    bot?: CatOpsOptions;
    register?: Parameters<typeof registerCatOps>[2];
  } = {},
) {
  const recording = recordingApp();
  const bot = createCatOps({
    plugins: [plugin],
    connectors: [relayConnector()],
    store: options.store ?? tableStore,
    logger: silentLogger,
    env: { CATOPS_RELAY_SECRET: SECRET },
    ...options.bot,
  });
  const queueName = `jobs-${++queueCount}`;
  registerCatOps(recording.app, bot, {
    queueName,
    env: { AzureWebJobsStorage: azurite.connectionString },
    ...options.register,
  });
  return { recording, bot, queueName };
}

const post = (path: string, body: unknown) =>
  new Request(`http://localhost:7071${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** Fails set-if-absent on job-run markers `times` times: a store that is briefly unavailable. */
function flakyJobStarts(store: Store, times: number): Store {
  let left = times;
  return {
    get: (key) => store.get(key),
    set: (key, value, o) => store.set(key, value, o),
    delete: (key) => store.delete(key),
    list: (prefix, o) => store.list!(prefix, o),
    setIfAbsent: async (key, value, o) => {
      if (key.startsWith("job-run:") && left-- > 0) throw new Error("store unavailable (503)");
      return store.setIfAbsent(key, value, o);
    },
  };
}

describe("registrations", () => {
  it("registers an anonymous catch-all HTTP function and a queue-triggered job function", () => {
    const { recording, queueName } = setup();
    expect([...recording.http.keys()]).toEqual(["catops-http"]);
    expect([...recording.queues.keys()]).toEqual(["catops-jobs"]);
    const http = recording.http.get("catops-http")!;
    expect(http).toMatchObject({
      route: "{*path}",
      methods: ["GET", "POST"],
      authLevel: "anonymous",
    });
    expect(recording.queues.get("catops-jobs")).toMatchObject({
      queueName,
      connection: "AzureWebJobsStorage",
    });
  });

  it("takes names and the connection setting from options and refuses bad ones", () => {
    const { recording } = setup({
      register: {
        httpFunctionName: "bot",
        queueFunctionName: "bot-jobs",
        connection: "JobsStorage",
      },
    });
    expect([...recording.http.keys(), ...recording.queues.keys()]).toEqual(["bot", "bot-jobs"]);
    expect(recording.queues.get("bot-jobs")?.connection).toBe("JobsStorage");
    const bot = createCatOps({ logger: silentLogger });
    const app = recordingApp().app;
    expect(() => registerCatOps(app, bot, { queuename: "x" } as never)).toThrow(
      /unknown option "queuename"/,
    );
    expect(() => registerCatOps(app, bot, { queueName: "Jobs_Queue" })).toThrow(
      /not a valid queue name/,
    );
    expect(() => registerCatOps(app, bot, { maxDequeueCount: 0 })).toThrow(/maxDequeueCount/);
  });
});

describe("the HTTP function", () => {
  it("serves bot.fetch, stripping host.json's route prefix given as basePath", async () => {
    const { recording, bot } = setup({ register: { basePath: "api" } });
    const health = await invokeHttp(recording, new Request("http://localhost:7071/api/healthz"));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, commands: bot.commands.size });
    const bare = await invokeHttp(recording, new Request("http://localhost:7071/healthz"));
    expect(bare.status).toBe(200);
    const missing = await invokeHttp(recording, new Request("http://localhost:7071/api/nope"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ ok: false, error: "not found" });
    const wrongMethod = await invokeHttp(recording, new Request("http://localhost:7071/api/relay"));
    expect(wrongMethod.status).toBe(405);
    const reply = await invokeHttp(recording, post("/api/relay", { text: "hi" }));
    expect(await reply.json()).toMatchObject({ text: "Meow!" });
  });

  it("hands the connector the body bytes exactly as they arrived", async () => {
    const { recording } = setup();
    const body = Buffer.from(
      "token=x&text=deploy+api%20--env%3Dprod&response_url=https%3A%2F%2Fhooks.slack.com%2Fa\r\n  \t",
      "utf8",
    );
    const response = await invokeHttp(
      recording,
      new Request("http://localhost:7071/relay/digest", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      }),
    );
    expect(await response.json()).toEqual({
      sha256: createHash("sha256").update(body).digest("hex"),
      length: body.byteLength,
      contentType: "application/x-www-form-urlencoded",
    });
  });

  it("hands Azure Monitor alerts (common alert schema) to the alert path", async () => {
    const received: { source: string; body: string }[] = [];
    const alerts: AlertHandler = {
      handle: async (source, request) => {
        received.push({ source, body: await request.text() });
        return json({ ok: true }, 202);
      },
      receive: async () => {},
    };
    const { recording } = setup({ bot: { alerts } });
    const fixture = vendorText(FIXTURE);
    const response = await invokeHttp(
      recording,
      new Request("http://localhost:7071/alerts/azure-monitor", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: fixture,
      }),
    );
    expect(response.status).toBe(202);
    expect(received).toEqual([{ source: "azure-monitor", body: fixture }]);
    expect(JSON.parse(received[0]!.body).schemaId).toBe("azureMonitorCommonAlertSchema");
  });

  it("logs through the invocation context with the invocation id, secrets masked", async () => {
    const { recording } = setup();
    const response = await invokeHttp(recording, post("/relay", { text: "chatty" }));
    expect(await response.json()).toMatchObject({ text: "logged" });
    const line = recording.logs.find((entry) => entry.text.includes("hello from the plugin"));
    expect(line).toBeDefined();
    expect(line!.level).toBe("information");
    expect(JSON.parse(line!.text)).toMatchObject({ invocationId: line!.invocationId });
    expect(line!.text).not.toContain(SECRET);
    expect(line!.text).toContain("[redacted]");
    const storage = recording.logs.find((entry) => entry.text.includes('"storage"'));
    expect(storage?.text).toContain("connected with");
    expect(storage?.text).not.toContain(AZURITE_KEY);
  });

  it("sends the lines to the logger option instead, when one is given", async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const { recording } = setup({ register: { logger } });
    const response = await invokeHttp(recording, post("/relay", { text: "chatty" }));
    expect(await response.json()).toMatchObject({ text: "logged" });
    expect(lines.some((line) => line.includes("hello from the plugin"))).toBe(true);
    expect(recording.logs.some((entry) => entry.text.includes("hello from the plugin"))).toBe(
      false,
    );
  });

  it("answers a failing connector with a 500 that carries no stack or secret", async () => {
    const { recording } = setup({
      bot: {
        connectors: [
          {
            name: "broken",
            paths: ["/broken"],
            handle: async () => {
              throw new Error(`exploded with ${SECRET}`);
            },
            deliver: async () => {},
          },
        ],
      },
    });
    const response = await invokeHttp(recording, post("/broken", {}));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/exploded|\n\s+at /);
  });
});

describe("deferred jobs through the Storage Queue", () => {
  it("acknowledges, enqueues a base64 job message, and runs it from the queue function", async () => {
    const { recording, bot, queueName } = setup();
    const responseUrl = `${recorder.url}/hooks/deploy-1`;
    const response = await invokeHttp(
      recording,
      post("/relay", { text: "deploy api", responseUrl }),
    );
    const ack = (await response.json()) as { text: string };
    const jobId = /job `([^`]+)`/.exec(ack.text)?.[1];
    expect(ack.text).toMatch(/^Running `deploy api`/);
    expect(jobId).toBeDefined();
    expect((await jobsOf(bot).get(jobId!))?.state).toBe("queued");

    const { peekedMessageItems } = await new QueueClient(
      azurite.connectionString,
      queueName,
    ).peekMessages();
    expect(peekedMessageItems).toHaveLength(1);
    expect(peekedMessageItems[0]!.messageText).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const [message] = await peekQueue(azurite.connectionString, queueName);
    expect(JSON.parse(message!)).toMatchObject({
      kind: "catops.job",
      id: jobId,
      connector: "relay",
    });

    const deliveries = await drainQueue(recording, azurite.connectionString);
    expect(deliveries.map((d) => [d.dequeueCount, d.outcome])).toEqual([[1, "completed"]]);
    const late = await recorder.waitFor((r) => r.path === "/hooks/deploy-1");
    expect(late.json).toMatchObject({ text: "Deployed api." });
    expect((await jobsOf(bot).get(jobId!))?.state).toBe("succeeded");
    const line = recording.logs.find((l) => l.text.includes('"deploying"'));
    expect(line?.functionName).toBe("catops-jobs");
    expect(JSON.parse(line!.text)).toMatchObject({ invocationId: line!.invocationId, jobId });
  });

  it("rethrows a failing job below maxDequeueCount so the queue retries it", async () => {
    const { recording, bot } = setup({ store: flakyJobStarts(tableStore, 2) });
    const responseUrl = `${recorder.url}/hooks/retry-1`;
    await invokeHttp(recording, post("/relay", { text: "deploy web", responseUrl }));
    const deliveries = await drainQueue(recording, azurite.connectionString);
    expect(deliveries.map((d) => [d.dequeueCount, d.outcome])).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "completed"],
    ]);
    expect(String(deliveries[0]!.error)).toMatch(/store unavailable/);
    await recorder.waitFor((r) => r.path === "/hooks/retry-1");
    expect(recorder.requests.filter((r) => r.path === "/hooks/retry-1")).toHaveLength(1);
    const warning = recording.logs.find((l) => l.text.includes("will deliver it again"));
    expect(warning?.level).toBe("warning");
    const jobs = await jobsOf(bot).recent(50);
    expect(jobs.find((j) => j.command === "deploy web")?.state).toBe("succeeded");
  });

  it("on the last delivery marks the job failed and tells the user instead of poisoning silently", async () => {
    const { recording, bot, queueName } = setup({ store: flakyJobStarts(tableStore, 99) });
    const responseUrl = `${recorder.url}/hooks/poison-1`;
    const response = await invokeHttp(
      recording,
      post("/relay", { text: "deploy db", responseUrl }),
    );
    const jobId = /job `([^`]+)`/.exec(((await response.json()) as { text: string }).text)![1]!;
    const deliveries = await drainQueue(recording, azurite.connectionString);
    expect(deliveries.map((d) => d.outcome)).toEqual([
      "failed",
      "failed",
      "failed",
      "failed",
      "completed",
    ]);
    expect(await peekQueue(azurite.connectionString, `${queueName}-poison`)).toEqual([]);
    const job = await jobsOf(bot).get(jobId);
    expect(job).toMatchObject({
      state: "failed",
      result: "failed after 5 attempts and will not be retried",
    });
    const notice = await recorder.waitFor((r) => r.path === "/hooks/poison-1");
    expect(notice.json).toMatchObject({ error: true });
    expect(notice.json.text).toContain(
      "`deploy db` could not run (job `" + jobId + "`): failed after 5 attempts",
    );
    expect(notice.json.text).not.toMatch(/store unavailable|\n\s+at /);
  });

  it("gives up at a configured maxDequeueCount", async () => {
    const { recording } = setup({
      store: flakyJobStarts(tableStore, 99),
      register: { maxDequeueCount: 2 },
    });
    await invokeHttp(
      recording,
      post("/relay", { text: "deploy cache", responseUrl: `${recorder.url}/hooks/max-2` }),
    );
    const deliveries = await drainQueue(recording, azurite.connectionString, {
      maxDequeueCount: 2,
    });
    expect(deliveries.map((d) => d.outcome)).toEqual(["failed", "completed"]);
    const notice = await recorder.waitFor((r) => r.path === "/hooks/max-2");
    expect(notice.json.text).toContain("failed after 2 attempts");
  });

  it("drops a queue message that is not a job, logging why", async () => {
    const { recording, queueName } = setup();
    const queue = new QueueClient(azurite.connectionString, queueName);
    await queue.createIfNotExists();
    await queue.sendMessage(Buffer.from("not a job").toString("base64"));
    const deliveries = await drainQueue(recording, azurite.connectionString);
    expect(deliveries.map((d) => d.outcome)).toEqual(["completed"]);
    expect(recording.logs.find((l) => l.text.includes("not a CatOps job"))?.level).toBe("error");
  });

  it("tells the user when the queue cannot be reached, and the operator why", async () => {
    const { recording, bot } = setup({ register: { env: {} } });
    const response = await invokeHttp(recording, post("/relay", { text: "deploy x" }));
    expect(response.status).toBe(200);
    const reply = (await response.json()) as { text: string; error?: boolean };
    expect(reply).toMatchObject({ error: true });
    expect(reply.text).toContain("could not be started");
    expect(reply.text).not.toContain("AzureWebJobsStorage");
    const why = recording.logs.find((l) => l.text.includes("job could not be started"));
    expect(why?.level).toBe("error");
    expect(why?.text).toContain("the app setting AzureWebJobsStorage is empty");
    const failed = (await jobsOf(bot).recent(100)).find((job) => job.command === "deploy x");
    expect(failed?.state).toBe("failed");
  });
});
