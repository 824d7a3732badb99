// The store failing: a store whose methods throw, then recover. Commands that need it fail with
// a clear message and do not run; those that do not need it still run; nothing deduplicated
// runs twice once the store is back.
import { createMemoryStore, type JobEnvelope } from "@catops/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FaultBot, startFaultBot } from "../support/harness.ts";
import { type FlakyStore, flakyStore } from "../support/stores.ts";
import { fixtureJson, signedRequest, slashBody } from "../support/slack.ts";

const UNAVAILABLE =
  /^:warning: CatOps could not handle that command: a service it depends on failed \(request `\w+`\)\. It did not run; try again in a moment\.$/;

let fault: FaultBot;
let store: FlakyStore;

beforeEach(async () => {
  store = flakyStore(createMemoryStore());
  fault = await startFaultBot({ store });
});
afterEach(async () => {
  await fault.drain();
  await fault.close();
});

const slash = async (text: string, runtime?: Parameters<FaultBot["bot"]["fetch"]>[1]) => {
  const request = signedRequest(
    slashBody({ text, response_url: `${fault.recorder.url}/respond/${text}` }),
  );
  const response = runtime ? await fault.bot.fetch(request, runtime) : await fault.send(request);
  expect(response.status).toBe(200);
  return ((await response.json()) as { text: string }).text;
};

function mention(eventId: string, text = "<@U0LAN0Z89> hi") {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  envelope.event_id = eventId;
  envelope.event.text = text;
  return JSON.stringify(envelope);
}

const sendMention = (body: string, retry?: number) =>
  fault.send(
    signedRequest(body, {
      contentType: "application/json",
      headers: retry
        ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_error" }
        : {},
    }),
  );

describe("a store whose methods throw", () => {
  it("commands that need no state still run", async () => {
    store.down();
    expect(await slash("hi")).toBe("Meow!");
    expect(fault.spied("hi")).toHaveLength(1);
  });

  it("a deferred command fails with a clear message, and does not run", async () => {
    store.down();
    expect(await slash("later")).toMatch(UNAVAILABLE);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(0);
    expect(fault.logged("command could not be handled")[0]?.error).toMatchObject({
      message: "store unavailable: set failed",
    });
    store.up();
    expect(await slash("later")).toMatch(/^Running `later`…/);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
  });

  it("a listing of jobs fails with the store's message, not a crash", async () => {
    store.down(["list", "get"]);
    expect(await slash("jobs")).toMatch(/^:warning: `jobs` failed: store unavailable/);
  });

  it("an event seen while the store is down is refused (Slack retries), then runs once", async () => {
    const body = mention("Ev0STOREDOWN1");
    store.down();
    const first = await sendMention(body);
    // 5xx makes Slack retry; the dedupe key was never written, so the retry is not lost.
    expect(first.status).toBe(500);
    await fault.drain();
    expect(fault.spied("hi")).toHaveLength(0);
    store.up();
    const retries = await Promise.all([sendMention(body, 1), sendMention(body, 2)]);
    expect(retries.map((r) => r.status)).toEqual([200, 200]);
    await fault.drain();
    expect((await sendMention(body, 3)).status).toBe(200);
    await fault.drain();
    expect(fault.spied("hi")).toHaveLength(1);
  });

  it("a job delivered while the store is down is redelivered after, and runs once", async () => {
    const queued: JobEnvelope[] = [];
    const runtime = { defer: async (job: JobEnvelope) => void queued.push(job) };
    expect(await slash("later", runtime)).toMatch(/^Running `later`…/);
    const [envelope] = queued;
    store.down();
    // The queue's first delivery fails: the adapter leaves the message for redelivery.
    await expect(fault.bot.runJob(envelope!)).rejects.toThrow("store unavailable");
    store.up();
    await Promise.all([fault.bot.runJob(envelope!), fault.bot.runJob(envelope!)]);
    await fault.bot.runJob(envelope!);
    expect(fault.spied("later")).toHaveLength(1);
    expect(await fault.job(envelope!.id)).toMatchObject({
      state: "succeeded",
      result: "later done",
    });
  });

  it("a store that fails as the job ends: the redelivery does not run the command again", async () => {
    const queued: JobEnvelope[] = [];
    await slash("later", { defer: async (job) => void queued.push(job) });
    const [envelope] = queued;
    // Reads work; the write of the final state fails.
    store.failingKeys = [`job:${envelope!.id}`];
    let writes = 0;
    const original = store.set;
    store.set = async (key, value, options) => {
      if (key === `job:${envelope!.id}` && ++writes === 2) store.down(["set"]);
      return original(key, value, options);
    };
    await expect(fault.bot.runJob(envelope!)).rejects.toThrow("store unavailable");
    store.up();
    store.set = original;
    await fault.bot.runJob(envelope!);
    expect(fault.spied("later")).toHaveLength(1);
    // Its run ended without a record of how: the job is interrupted, not run a second time.
    expect(fault.logged("job interrupted")).toHaveLength(1);
    expect(await fault.job(envelope!.id)).toMatchObject({ state: "interrupted" });
  });
});

describe("a confirmation while the store is down", () => {
  it("the press is answered with the clear message, and the command does not run", async () => {
    const risky = { name: "risky", confirm: true, run: () => "risky done" };
    await fault.close();
    fault = await startFaultBot({ store, commands: [risky] });
    const ask = await fault.send(signedRequest(slashBody({ text: "risky" })));
    const { blocks } = (await ask.json()) as { blocks: { type: string; elements?: any[] }[] };
    const button = blocks
      .find((block) => block.type === "actions")!
      .elements!.find((element) => element.action_id === "catops.confirm");
    const payload = fixtureJson("interactivity-block-actions-message.payload.json");
    payload.actions = [{ ...payload.actions[0], action_id: "catops.confirm", value: button.value }];
    payload.user.id = "U2CERLKJA";
    payload.response_url = `${fault.recorder.url}/respond/press`;
    store.down();
    const press = await fault.send(
      signedRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`),
    );
    expect(press.status).toBe(200);
    await fault.drain();
    const told = await fault.recorder.waitFor((r) => r.path === "/respond/press", 2000);
    expect(told.json.text).toMatch(UNAVAILABLE);
    expect(JSON.stringify(fault.recorder.requests)).not.toContain("risky done");
  });
});
