// Late replies when Slack misbehaves: response_url and chat.postMessage answering 500, 429 with
// Retry-After, timing out or refusing the connection. Retries are bounded, the failure is
// logged, and the job's record says its reply was not delivered.
import { jobsOf } from "@catops/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultBot, jobIdOf, startFaultBot } from "../support/harness.ts";
import { closedPort } from "../support/ports.ts";
import { fixtureJson, signedRequest, slashBody } from "../support/slack.ts";

let current: FaultBot | undefined;
afterEach(async () => {
  await current?.drain();
  await current?.close();
  current = undefined;
});

async function deferredSlash(fault: FaultBot, responseUrl: string) {
  const response = await fault.send(
    signedRequest(slashBody({ text: "later", response_url: responseUrl })),
  );
  expect(response.status).toBe(200);
  const id = jobIdOf(((await response.json()) as { text: string }).text);
  await fault.drain();
  return fault.job(id);
}

/** `@catops later` in a channel: no response_url, so replies go through chat.postMessage. */
async function deferredMention(fault: FaultBot) {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  envelope.event_id = `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  envelope.event.text = "<@U0LAN0Z89> later";
  const response = await fault.send(
    signedRequest(JSON.stringify(envelope), { contentType: "application/json" }),
  );
  expect(response.status).toBe(200);
  await fault.drain();
  const [job] = await jobsOf(fault.bot).recent(1);
  expect(job?.command).toBe("later");
  return job!;
}

const attemptsAt = (fault: FaultBot, path: string) =>
  fault.recorder.requests.filter((request) => request.path === path).length;

describe("response_url failures", () => {
  it("500 every time, and the channel too: bounded attempts, a logged failure, the job says so", async () => {
    current = await startFaultBot();
    const path = "/respond/500";
    current.recorder.respondWith(path, ...Array(5).fill({ status: 500, body: "oops" }));
    current.recorder.respondWith("/api/chat.postMessage", ...Array(5).fill({ status: 500 }));
    const job = await deferredSlash(current, `${current.recorder.url}${path}`);
    expect(attemptsAt(current, path)).toBe(3);
    // A public reply whose response_url fails goes to the channel instead: three more attempts.
    expect(attemptsAt(current, "/api/chat.postMessage")).toBe(3);
    expect(current.waits).toEqual([500, 1000, 500, 1000]);
    expect(job.state).toBe("succeeded");
    expect(job.deliveryError).toBe("response_url: HTTP 500; chat.postMessage: HTTP 500");
    expect(job.result).toBe(`later done (reply not delivered: ${job.deliveryError})`);
    expect(current.logged("Slack request failed")[0]).toMatchObject({
      level: "error",
      call: "response_url",
      attempt: 3,
      status: 500,
    });
    expect(current.logged("job reply not delivered")).toHaveLength(1);
    expect(current.spied("later")).toHaveLength(1);
  });

  it("429 with Retry-After: waits as asked, then delivers", async () => {
    current = await startFaultBot();
    const path = "/respond/429";
    current.recorder.respondWith(path, {
      status: 429,
      headers: { "retry-after": "2" },
      body: "slow down",
    });
    const job = await deferredSlash(current, `${current.recorder.url}${path}`);
    expect(current.waits).toEqual([2000]);
    expect(attemptsAt(current, path)).toBe(2);
    expect(job).toMatchObject({ state: "succeeded", result: "later done" });
    expect(job.deliveryError).toBeUndefined();
  });

  it("429 asking for an hour: the wait is capped at 10 s", async () => {
    current = await startFaultBot({ retries: 1 });
    const path = "/respond/429-long";
    current.recorder.respondWith(path, { status: 429, headers: { "retry-after": "3600" } });
    const job = await deferredSlash(current, `${current.recorder.url}${path}`);
    expect(current.waits).toEqual([10_000]);
    expect(job.deliveryError).toBeUndefined();
  });

  it("timing out: an attempt is cut off and tried once more (it may have landed), and the job says so", async () => {
    current = await startFaultBot({ timeoutMs: 150 });
    const path = "/respond/slow";
    current.recorder.respondWith(path, ...Array(3).fill({ status: 200, delayMs: 600 }));
    const started = Date.now();
    const job = await deferredSlash(current, `${current.recorder.url}${path}`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(attemptsAt(current, path)).toBe(2);
    expect(job.deliveryError).toBe("response_url: timed out after 150 ms");
    expect(job.result).toContain("reply not delivered");
  });

  it("connection refused: bounded retries, then the job says so", async () => {
    current = await startFaultBot();
    const job = await deferredSlash(current, `http://127.0.0.1:${await closedPort()}/respond`);
    // No answer at all: the URL may still have been used, so the channel is not tried.
    expect(current.waits).toHaveLength(2);
    expect(attemptsAt(current, "/api/chat.postMessage")).toBe(0);
    expect(job.deliveryError).toBe("response_url: network error: ECONNREFUSED");
    expect(current.logged("Slack request failed")).toHaveLength(1);
  });

  it("an expired response_url (404) for a public reply falls back to chat.postMessage", async () => {
    current = await startFaultBot();
    const path = "/respond/expired";
    current.recorder.respondWith(path, { status: 404, body: "expired_url" });
    const job = await deferredSlash(current, `${current.recorder.url}${path}`);
    expect(attemptsAt(current, path)).toBe(1);
    const post = current.recorder.requests.find((r) => r.path === "/api/chat.postMessage");
    expect(post?.json).toMatchObject({ text: "later done" });
    expect(job.deliveryError).toBeUndefined();
  });
});

describe("chat.postMessage failures", () => {
  const POST = "/api/chat.postMessage";

  it("500 every time: bounded attempts for each message, and the job says so", async () => {
    current = await startFaultBot();
    current.recorder.respondWith(POST, ...Array(6).fill({ status: 500 }));
    const job = await deferredMention(current);
    // The acknowledgement and the late reply: three attempts each.
    expect(attemptsAt(current, POST)).toBe(6);
    expect(job.state).toBe("succeeded");
    expect(job.deliveryError).toBe("chat.postMessage: HTTP 500");
  });

  it("429 with Retry-After, then ok: delivered", async () => {
    current = await startFaultBot();
    current.recorder.respondWith(POST, { status: 429, headers: { "retry-after": "1" } });
    const job = await deferredMention(current);
    expect(current.waits).toEqual([1000]);
    expect(job.deliveryError).toBeUndefined();
    const texts = current.recorder.requests.filter((r) => r.path === POST).map((r) => r.json?.text);
    expect(texts).toContain("later done");
  });

  it("an API error (ok: false) is not retried, and the job says so", async () => {
    current = await startFaultBot();
    const refused = {
      status: 200,
      body: JSON.stringify({ ok: false, error: "channel_not_found" }),
    };
    current.recorder.respondWith(POST, refused, refused);
    const job = await deferredMention(current);
    expect(attemptsAt(current, POST)).toBe(2);
    expect(job.deliveryError).toBe("chat.postMessage: channel_not_found");
  });

  it("ratelimited in the body is retried", async () => {
    current = await startFaultBot();
    const limited = { status: 200, body: JSON.stringify({ ok: false, error: "ratelimited" }) };
    current.recorder.respondWith(POST, limited);
    const job = await deferredMention(current);
    expect(job.deliveryError).toBeUndefined();
  });

  it("timing out and refusing: the job says so", async () => {
    current = await startFaultBot({ timeoutMs: 100 });
    current.recorder.respondWith(POST, ...Array(6).fill({ status: 200, delayMs: 400 }));
    const job = await deferredMention(current);
    expect(job.deliveryError).toBe("chat.postMessage: timed out after 100 ms");

    const refused = await startFaultBot();
    refused.env.CATOPS_SLACK_API_URL = `http://127.0.0.1:${await closedPort()}/api`;
    try {
      const other = await deferredMention(refused);
      expect(other.deliveryError).toBe("chat.postMessage: network error: ECONNREFUSED");
    } finally {
      await refused.close();
    }
  });
});

describe("a command past the deadline whose late reply fails", () => {
  it("logs that the late reply was not delivered", async () => {
    current = await startFaultBot({
      commands: [
        {
          name: "sleepy",
          run: () => new Promise((resolve) => setTimeout(() => resolve("sleepy done"), 700)),
        },
      ],
    });
    const path = "/respond/sleepy";
    current.recorder.respondWith(path, ...Array(3).fill({ status: 503 }));
    current.recorder.respondWith("/api/chat.postMessage", ...Array(3).fill({ status: 503 }));
    const response = await current.send(
      signedRequest(slashBody({ text: "sleepy", response_url: `${current.recorder.url}${path}` })),
    );
    expect(((await response.json()) as { text: string }).text).toContain("Still working");
    await current.drain();
    expect(attemptsAt(current, path)).toBe(3);
    expect(current.logged("late reply not delivered")[0]).toMatchObject({
      level: "error",
      error: "response_url: HTTP 503; chat.postMessage: HTTP 503",
    });
  });
});
