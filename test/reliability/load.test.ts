// A bounded loopback load test of the Node adapter: signed slash commands, three quick ones for
// each deferred one, from autocannon, against the server in a child process. Two rounds: every
// request must succeed, every deferred job must finish and answer, and the heap (measured after
// a full GC in the server) must level off rather than grow round after round.
// RELIABILITY_LOAD_SECONDS sets each round's length (default 1.5 s; the figures in
// docs/reliability.md come from 5 s rounds).
import { createHmac } from "node:crypto";
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { type LoadServer, startLoadServer } from "./load/child.ts";
import { slashBody } from "./support/slack.ts";

const SECRET = "load-signing-secret-2b7e9c41";
const ROUND_SECONDS = Number(process.env.RELIABILITY_LOAD_SECONDS ?? 1.5);
/** RELIABILITY_LOAD_QUICK_ONLY=1 sends only quick commands (for the doc's second figure). */
const QUICK_ONLY = process.env.RELIABILITY_LOAD_QUICK_ONLY === "1";
const CONNECTIONS = 16;
const MB = 1024 * 1024;

interface Memory {
  heapUsed: number;
  rss: number;
}

let server: LoadServer;
let recorder: Recorder;
let sequence = 0;

function signedSlash(text: string) {
  const body = slashBody({
    text,
    trigger_id: `load.${++sequence}`,
    response_url: `${recorder.url}/respond/load`,
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    method: "POST" as const,
    path: "/slack/events",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signature,
    },
    body,
  };
}

interface Round {
  result: autocannon.Result;
  deferred: number;
  wrongAnswers: number;
}

async function round(seconds: number): Promise<Round> {
  let deferred = 0;
  let wrongAnswers = 0;
  const check = (expected: string) => (status: number, body: string) => {
    if (status !== 200 || !body.includes(expected)) wrongAnswers++;
    else if (expected === "Running") deferred++;
  };
  // setupRequest must return the request it is given (it carries the host), changed.
  const quick = {
    setupRequest: (req: object) => ({ ...req, ...signedSlash("hi") }),
    onResponse: check("Meow!"),
  };
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: (QUICK_ONLY
      ? [quick]
      : [
          quick,
          quick,
          quick,
          {
            setupRequest: (req: object) => ({ ...req, ...signedSlash("later") }),
            onResponse: check("Running"),
          },
        ]) as autocannon.Request[],
  });
  return { result, deferred, wrongAnswers };
}

const rounds: Round[] = [];
const memory: { when: string; heapMB: number; rssMB: number }[] = [];
async function sample(when: string) {
  const { heapUsed, rss } = await server.ask<Memory>("memory");
  memory.push({ when, heapMB: +(heapUsed / MB).toFixed(1), rssMB: +(rss / MB).toFixed(1) });
  return heapUsed;
}

beforeAll(async () => {
  recorder = await startRecorder();
  server = await startLoadServer({ LOAD_SIGNING_SECRET: SECRET });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  await recorder?.close();
});

describe("load on the Node adapter (loopback)", () => {
  it(
    "serves every request, finishes every job, and its heap levels off",
    async () => {
      await sample("started");
      await round(0.5); // warm-up: JIT, SQLite pages, connection pools
      await server.ask("settle");
      const warm = await sample("after warm-up");
      for (let n = 1; n <= 2; n++) {
        rounds.push(await round(ROUND_SECONDS));
        await server.ask("settle");
        await sample(`after round ${n}`);
      }
      const [first, second] = rounds as [Round, Round];
      for (const { result, wrongAnswers } of rounds) {
        expect(result.errors).toBe(0);
        expect(result.timeouts).toBe(0);
        expect(result.non2xx).toBe(0);
        expect(wrongAnswers).toBe(0);
        expect(result.requests.total).toBeGreaterThan(100);
      }

      // Every deferred job ran to the end and its answer reached the response_url.
      const { states } = await server.ask<{ states: Record<string, number> }>("jobs");
      const deferredTotal = rounds.reduce((sum, r) => sum + r.deferred, 0);
      const succeeded = states.succeeded ?? 0;
      expect(succeeded).toBeGreaterThanOrEqual(deferredTotal);
      if (!QUICK_ONLY) expect(deferredTotal).toBeGreaterThan(0);
      expect(Object.keys(states).filter((state) => state !== "succeeded")).toEqual([]);
      const lateReplies = recorder.requests.filter((r) => r.json?.text === "later done");
      expect(lateReplies.length).toBe(succeeded);

      // No growth that does not level off: the second round adds little next to the first.
      const afterFirst = memory.at(-2)!.heapMB * MB;
      const afterSecond = memory.at(-1)!.heapMB * MB;
      expect(afterFirst - warm).toBeLessThan(32 * MB);
      expect(afterSecond - afterFirst).toBeLessThan(Math.max(8 * MB, (afterFirst - warm) / 2));

      const figures = rounds.map(({ result }, index) => ({
        round: index + 1,
        seconds: ROUND_SECONDS,
        connections: CONNECTIONS,
        requests: result.requests.total,
        perSecond: Math.round(result.requests.average),
        p50ms: result.latency.p50,
        p99ms: result.latency.p99,
        maxMs: result.latency.max,
        errors: result.errors + result.timeouts + result.non2xx,
      }));
      console.log(
        JSON.stringify(
          { quickOnly: QUICK_ONLY, load: figures, deferred: deferredTotal, jobs: states, memory },
          null,
          2,
        ),
      );
      expect(second.result.requests.total).toBeGreaterThan(first.result.requests.total / 3);
    },
    ROUND_SECONDS * 2000 + 40_000,
  );
});
