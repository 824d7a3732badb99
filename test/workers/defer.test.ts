// Deferral inside workerd: a short job runs after the answer through ctx.waitUntil, a long
// one goes through the real Queue and the Worker's queue handler, with ack and retry.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { JobEnvelope } from "@catops/core";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { bundleWorker } from "./bundle.ts";
import { dispatch } from "./dispatch.ts";
import { signedSlackRequest, slashCommandBody } from "./slack-request.ts";

const SECRET = "defer-test-signing-secret";
let mf: Miniflare;
let recorder: Recorder;
let gate: Gate;

/** A URL whose requests are answered only once `open()` has been called. */
interface Gate {
  url: string;
  /** Resolves when the first request has arrived. */
  reached: Promise<void>;
  open(): void;
  close(): Promise<void>;
}

async function startGate(): Promise<Gate> {
  let open = false;
  const waiting: (() => void)[] = [];
  let reach: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const server: Server = createServer((_req, res) => {
    reach();
    if (open) res.end("open");
    else waiting.push(() => res.end("open"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    reached,
    open() {
      open = true;
      for (const answer of waiting.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  recorder = await startRecorder();
  gate = await startGate();
  const bundle = await bundleWorker(new URL("./defer-worker.ts", import.meta.url).pathname);
  mf = new Miniflare({
    modules: true,
    script: bundle.code,
    compatibilityDate: "2024-09-23",
    bindings: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-defer-test",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
      QUICK_GATE_URL: gate.url,
    },
    d1Databases: { DB: "catops-defer-test" },
    queueProducers: { JOBS: "catops-jobs" },
    queueConsumers: { "catops-jobs": { maxBatchTimeout: 0.05, maxRetries: 2 } },
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  await recorder?.close();
  await gate?.close();
});

async function slash(text: string, hook: string) {
  const body = slashCommandBody(text, `${recorder.url}/hooks/${hook}`);
  const response = await dispatch(
    mf,
    signedSlackRequest("http://worker.test/slack/events", body, SECRET),
  );
  return { status: response.status, json: (await response.json()) as { text?: string } };
}

const queueLog = async () =>
  (await (await mf.dispatchFetch("http://worker.test/__test/queue-log")).json()) as {
    id: string | null;
    attempts: number;
  }[];

const jobIdIn = (text = "") => /job `([^`]+)`/.exec(text)?.[1];

describe("deferred commands in workerd", () => {
  it("answers a short deferred command at once and finishes it through waitUntil", async () => {
    const answer = await slash("quick", "quick");
    expect(answer.status).toBe(200);
    expect(answer.json.text).toContain("Running `quick`");
    // The job waits at the gate until now, so an answer that waited for the job never came:
    // the job runs after the answer, and only then sends its reply.
    await gate.reached;
    expect(recorder.requests.some((r) => r.path === "/hooks/quick")).toBe(false);
    gate.open();
    const late = await recorder.waitFor((r) => r.path === "/hooks/quick");
    expect(late.json).toMatchObject({ text: "quick finished" });
    const jobId = jobIdIn(answer.json.text);
    expect(jobId).toBeTruthy();
    expect((await queueLog()).map((entry) => entry.id)).not.toContain(jobId);
  });

  it("sends a long command to the queue and runs it in the queue handler", async () => {
    const answer = await slash("slow", "slow");
    expect(answer.json.text).toContain("Running `slow`");
    const jobId = jobIdIn(answer.json.text)!;
    const late = await recorder.waitFor((r) => r.path === "/hooks/slow");
    expect(late.json).toMatchObject({ text: `slow finished (job ${jobId})` });
    expect(await queueLog()).toContainEqual({ id: jobId, attempts: 1 });
  });

  it("acknowledges a message that is not a job, and retries one whose job cannot run", async () => {
    const jobs = await mf.getQueueProducer<unknown>("JOBS");
    const broken: JobEnvelope = {
      kind: "catops.job",
      id: "job-for-a-missing-connector",
      connector: "gone",
      event: { command: ["slow"] },
      enqueuedAt: Date.now(),
      long: true,
    };
    await jobs.send({ hello: "not a job" });
    await jobs.send(broken);
    const deadline = Date.now() + 10_000;
    let attempts: number[] = [];
    while (Date.now() < deadline) {
      attempts = (await queueLog()).filter((e) => e.id === broken.id).map((e) => e.attempts);
      if (attempts.length >= 3) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // maxRetries 2: the first delivery and two retries.
    expect(attempts).toEqual([1, 2, 3]);
    expect((await queueLog()).filter((e) => e.id === null)).toEqual([{ id: null, attempts: 1 }]);
  }, 20_000);
});
