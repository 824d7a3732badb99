// Duplicate deliveries: a queue delivering the same job envelope several times at once (also
// to two processes sharing one SQLite file), Slack retrying an event while the first delivery is
// still running, and a confirmation pressed twice. Each command runs exactly once.
import { jobsOf } from "@catops/core/testing";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobEnvelope, Runtime } from "@catops/core";
import { createSqliteStore } from "@catops/node";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createReliabilityBot } from "../support/bot.ts";
import { type FaultBot, startFaultBot } from "../support/harness.ts";
import { fixture, fixtureJson, signedRequest, slashBody } from "../support/slack.ts";

const dir = mkdtempSync(join(tmpdir(), "catops-duplicates-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fault: FaultBot | undefined;
afterEach(async () => {
  await fault?.drain();
  await fault?.close();
  fault = undefined;
});

/** A deferred `later`, answered with its envelope captured as a queue would hold it. */
async function enqueue(bot: FaultBot["bot"], responseUrl: string): Promise<JobEnvelope> {
  const queued: JobEnvelope[] = [];
  const runtime: Runtime = { defer: async (job) => void queued.push(job) };
  const response = await bot.fetch(
    signedRequest(slashBody({ text: "later", response_url: responseUrl })),
    runtime,
  );
  expect(response.status).toBe(200);
  expect(queued).toHaveLength(1);
  // What a queue hands back is a copy that went through JSON, not the same object.
  return JSON.parse(JSON.stringify(queued[0]));
}

describe("duplicate deliveries", () => {
  it("the same job envelope delivered 8 times at once runs once", async () => {
    fault = await startFaultBot();
    const path = "/respond/eight";
    const envelope = await enqueue(fault.bot, `${fault.recorder.url}${path}`);
    await Promise.all(Array.from({ length: 8 }, () => fault!.bot.runJob(envelope)));
    expect(fault.spied("later")).toHaveLength(1);
    expect(fault.recorder.requests.filter((r) => r.path === path)).toHaveLength(1);
    expect(await fault.job(envelope.id)).toMatchObject({ state: "succeeded" });
    expect(fault.logged("job already running elsewhere; duplicate delivery ignored")).toHaveLength(
      7,
    );
  });

  it("two processes sharing one SQLite file, each handed the envelope twice, run it once", async () => {
    const path = join(dir, "shared.db");
    fault = await startFaultBot({ store: createSqliteStore({ path }) });
    const secondProcess = createReliabilityBot(fault.env, {
      store: createSqliteStore({ path }),
      logger: undefined,
    });
    const envelope = await enqueue(fault.bot, `${fault.recorder.url}/respond/shared`);
    await Promise.all([
      fault.bot.runJob(envelope),
      secondProcess.runJob(envelope),
      fault.bot.runJob(envelope),
      secondProcess.runJob(envelope),
    ]);
    expect(fault.spied("later")).toHaveLength(1);
    expect(await jobsOf(secondProcess).get(envelope.id)).toMatchObject({ state: "succeeded" });
  });

  it("a job delivered again after it finished does nothing", async () => {
    fault = await startFaultBot();
    const envelope = await enqueue(fault.bot, `${fault.recorder.url}/respond/again`);
    await fault.bot.runJob(envelope);
    await fault.bot.runJob(envelope);
    expect(fault.spied("later")).toHaveLength(1);
  });

  it("Slack retrying an event while the first delivery runs: once", async () => {
    fault = await startFaultBot();
    const envelope = fixtureJson("events-app-mention-usage-info.json");
    envelope.event_id = "Ev0DUPLICATE1";
    envelope.event.text = "<@U0LAN0Z89> hi";
    const body = JSON.stringify(envelope);
    const send = (retry: number) =>
      fault!.send(
        signedRequest(body, {
          contentType: "application/json",
          headers: retry
            ? { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" }
            : {},
        }),
      );
    const answers = await Promise.all([send(0), send(1), send(2), send(3)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await fault.drain();
    expect(fault.spied("hi")).toHaveLength(1);
    expect(fault.recorder.requests.filter((r) => r.path === "/api/chat.postMessage")).toHaveLength(
      1,
    );
  });

  it("a confirmation pressed twice at once runs the command once", async () => {
    fault = await startFaultBot({
      commands: [{ name: "risky", confirm: true, run: () => "risky done" }],
    });
    const asker = new URLSearchParams(fixture("signing-docs-example.body.txt")).get("user_id")!;
    const ask = await fault.send(signedRequest(slashBody({ text: "risky" })));
    const { blocks } = (await ask.json()) as { blocks: { type: string; elements?: any[] }[] };
    const button = blocks
      .find((block) => block.type === "actions")!
      .elements!.find((element) => element.action_id === "catops.confirm");
    const press = (path: string) => {
      const payload = fixtureJson("interactivity-block-actions-message.payload.json");
      payload.actions = [
        { ...payload.actions[0], action_id: "catops.confirm", value: button.value },
      ];
      payload.user.id = asker;
      payload.response_url = `${fault!.recorder.url}${path}`;
      return fault!.send(signedRequest(`payload=${encodeURIComponent(JSON.stringify(payload))}`));
    };
    await Promise.all([press("/respond/press-1"), press("/respond/press-2")]);
    await fault.drain();
    const answers = fault.recorder.requests
      .filter((r) => r.path.startsWith("/respond/press-"))
      .map((r) => r.json.text);
    expect(answers.filter((text) => text === "risky done")).toHaveLength(1);
    // The second press finds the confirmation used (or already gone): it runs nothing.
    expect(answers).toHaveLength(2);
    expect(answers.find((text) => text !== "risky done")).toMatch(/already used|has expired/);
  });
});
