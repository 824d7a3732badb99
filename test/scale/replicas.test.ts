// Many replicas on one PostgreSQL, behind a round-robin proxy, as a team runs CatOps on its own
// servers: three Node server processes configured only by CATOPS_DATABASE_URL take 500 signed
// Slack requests (quick and deferred commands, Slack's retries of one event, cancels on another
// replica than the job's, access grants and revokes). Every command runs once, every cancel
// lands, every replica sees every grant. Then the replica running a long job is killed with
// SIGKILL, and another ends that job as interrupted and tells its channel, within the bound.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNING_SECRET, slackHeaders, slashCommandBody } from "../../bench/lib/slack.mjs";
import { vendorJson } from "../fixtures/vendor.mjs";
import { dropSchema, findOrStartPostgres, type Service, uniqueName } from "../support/databases.ts";
import {
  type Recorder,
  type RecordedRequest,
  startRecorder,
} from "../../packages/conformance/src/recorder.ts";
import { bundleScript } from "./support/bundle.ts";
import {
  type LoadBalancer,
  type Replica,
  startReplica,
  startRoundRobinProxy,
} from "./support/replicas.ts";

const schema = uniqueName("replicas");
/** How often replicas look for a dead replica's jobs, in seconds (the recovery bound's base). */
const SWEEP_SECONDS = 1;
let server: Service;
let recorder: Recorder;
let proxy: LoadBalancer;
let replicas: Replica[] = [];
let script: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await findOrStartPostgres();
  recorder = await startRecorder();
  script = await bundleScript(new URL("./support/replica.ts", import.meta.url), "replica");
  env = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-scale-0000",
    CATOPS_DATABASE_URL: server.url,
    CATOPS_DATABASE_SCHEMA: schema,
    CATOPS_DATABASE_POOL_SIZE: "6",
    CATOPS_QUEUE_CONCURRENCY: "16",
    CATOPS_QUEUE_SWEEP_SECONDS: String(SWEEP_SECONDS),
    CATOPS_QUEUE_RETRY_DELAY_SECONDS: "0",
    CATOPS_QUEUE_POLL_SECONDS: "0.5",
    CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    SCALE_EFFECTS_URL: recorder.url,
  };
  // All three start at once: the schema's migration must hold with replicas racing to it.
  replicas = await Promise.all([0, 1, 2].map((index) => startReplica(script, index, env)));
  proxy = await startRoundRobinProxy(() => replicas);
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop()));
  await proxy?.close();
  await recorder?.close();
  if (!server) return; // none was found: beforeAll said why
  await dropSchema(server.url, schema);
  await dropSchema(server.url, `${schema}_queue`);
  await server.stop();
}, 60_000);

let sent = 0;

async function post(body: string, headers: Record<string, string> = {}) {
  sent++;
  const { "content-length": _length, ...signed } = slackHeaders(body);
  const response = await fetch(`${proxy.url}/slack/events`, {
    method: "POST",
    headers: { ...signed, ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** `/catops <text>` as `user`, its late replies to the recorder at /r/<replyPath>. */
function slash(
  text: string,
  options: { user?: string; replyPath?: string; replica?: number } = {},
) {
  const form = new URLSearchParams(
    slashCommandBody(text, `${recorder.url}/r/${options.replyPath ?? "none"}`),
  );
  if (options.user) form.set("user_id", options.user);
  return post(
    form.toString(),
    options.replica === undefined ? {} : { "x-replica": String(options.replica) },
  );
}

/** The docs' app_mention with a fresh event id, and Slack's retry of the same delivery. */
function mentionPair(
  token: string,
  n: number,
): [() => ReturnType<typeof post>, () => ReturnType<typeof post>] {
  const envelope = vendorJson("slack/events-app-mention-in-channel.json") as any;
  envelope.event_id = `EvScale${n}x${Date.now().toString(36)}`;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(n).padStart(6, "0")}`;
  envelope.event = { ...envelope.event, text: `<@U0LAN0Z89> tally ${token}`, ts, event_ts: ts };
  const body = JSON.stringify(envelope);
  const json = { "content-type": "application/json" };
  return [
    () => post(body, json),
    () => post(body, { ...json, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" }),
  ];
}

/** Runs `tasks` with at most `width` in flight. */
async function inParallel<T>(tasks: (() => Promise<T>)[], width = 12): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

const effectsOf = (token: string) => recorder.requests.filter((r) => r.path === `/effect/${token}`);
const repliesTo = (path: string) => recorder.requests.filter((r) => r.path === `/r/${path}`);
const textOf = (request: RecordedRequest) => String(request.json?.text ?? request.body);
const effect = (token: string) => recorder.waitFor((r) => r.path === `/effect/${token}`, 20_000);
/** Starts a replica in place of one that went, as an orchestrator would. */
async function replace(gone: Replica): Promise<void> {
  const index = replicas.indexOf(gone);
  replicas[index] = await startReplica(script, index, env);
}

const mentionReply = (r: RecordedRequest, token: string) =>
  r.path === "/api/chat.postMessage" && new RegExp(`tallied ${token}(?!\\d)`).test(textOf(r));
const deployers = Array.from({ length: 10 }, (_, i) => `UDEPLOY${i}`);

describe("three replicas on one PostgreSQL", () => {
  it("runs 500 mixed requests: every command once, every cancel, every grant everywhere", async () => {
    // 1. Quick and deferred commands, Slack retries and grants, interleaved, round robin.
    const tasks: (() => Promise<{ status: number; text: string }>)[] = [];
    const quick = Array.from({ length: 260 }, (_, i) => `q${i}`);
    const deferred = Array.from({ length: 100 }, (_, i) => `d${i}`);
    const mentions = Array.from({ length: 20 }, (_, i) => `e${i}`);
    for (let i = 0; i < 260; i++) {
      tasks.push(() => slash(`tally ${quick[i]}`));
      if (i % 13 === 0) tasks.push(...mentionPair(mentions[i / 13]!, i));
      if (i % 26 === 0) {
        const user = deployers[i / 26]!;
        tasks.push(() => slash(`access grant deployers <@${user}>`, { user: "UADMIN" }));
      }
      if (i % 13 < 5) {
        const token = deferred[Math.floor(i / 13) * 5 + (i % 13)]!;
        tasks.push(() => slash(`later ${token}`, { replyPath: token }));
      }
    }
    expect(tasks).toHaveLength(410);
    const answers = await inParallel(tasks);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);

    // 2. Long jobs, each cancelled on a replica other than the one running it.
    const longs = Array.from({ length: 10 }, (_, i) => `l${i}`);
    await inParallel(longs.map((token) => () => slash(`long ${token}`, { replyPath: token })));
    await inParallel(
      longs.map((token) => async () => {
        const started = (await effect(token)).json as { pid: number; jobId: string };
        const other = replicas.find((replica) => replica.pid !== started.pid)!;
        const answer = await slash(`cancel ${started.jobId}`, { replica: other.index });
        expect(answer.text).toContain(`Cancelling job`);
      }),
    );
    await inParallel(
      longs.map(
        (token) => () =>
          recorder.waitFor(
            (r) => r.path === `/r/${token}` && /was cancelled/.test(textOf(r)),
            20_000,
          ),
      ),
    );

    // 3. Every replica sees every grant, then every revoke.
    const onEach = (prefix: string) =>
      deployers.flatMap((user, u) =>
        replicas.map(
          (replica) => () =>
            slash(`deploy ${prefix}${u}r${replica.index}`, { user, replica: replica.index }),
        ),
      );
    const allowed = await inParallel(onEach("g"));
    expect(allowed.every((answer) => answer.text.includes("deployed g"))).toBe(true);
    await inParallel(
      deployers.map(
        (user) => () => slash(`access revoke deployers <@${user}>`, { user: "UADMIN" }),
      ),
    );
    const denied = await inParallel(onEach("x"));
    expect(denied.every((answer) => !answer.text.includes("deployed"))).toBe(true);
    expect(sent).toBe(500);

    // Every command ran exactly once; its late reply came once.
    await inParallel(
      deferred.map(
        (token) => () =>
          recorder.waitFor((r) => r.path === `/r/${token}` && textOf(r).includes("done"), 20_000),
      ),
    );
    await inParallel(
      mentions.map((token) => () => recorder.waitFor((r) => mentionReply(r, token), 20_000)),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive now
    for (const token of [...quick, ...mentions, ...longs])
      expect(effectsOf(token), token).toHaveLength(1);
    for (const token of deferred) {
      expect(effectsOf(token), token).toHaveLength(1);
      expect(repliesTo(token).map(textOf)).toEqual([`later ${token} done`]);
    }
    for (const token of mentions) {
      const posts = recorder.requests.filter((r) => mentionReply(r, token));
      expect(posts, token).toHaveLength(1);
    }
    for (const token of longs) expect(repliesTo(token).map(textOf).join()).toMatch(/was cancelled/);
    for (let u = 0; u < deployers.length; u++)
      for (const replica of replicas) {
        expect(effectsOf(`g${u}r${replica.index}`)).toHaveLength(1);
        expect(effectsOf(`x${u}r${replica.index}`)).toHaveLength(0);
      }
    // Deferred jobs ran on more than one replica: the queue is shared.
    const runners = new Set(deferred.map((token) => effectsOf(token)[0]!.json.pid));
    expect(runners.size).toBeGreaterThan(1);
    // The proxy spread the requests over all three.
    expect(proxy.counts.every((count) => count > 100)).toBe(true);
  }, 60_000);

  it("ends the job of a replica killed with SIGKILL as interrupted, and tells its channel", async () => {
    await slash("long h1", { replyPath: "h1" });
    const started = (await effect("h1")).json as { pid: number; jobId: string };
    const victim = replicas.find((replica) => replica.pid === started.pid)!;
    const killedAt = Date.now();
    victim.child.kill("SIGKILL");
    const told = await recorder.waitFor(
      (r) => r.path === "/r/h1" && /was interrupted/.test(textOf(r)),
      30_000,
    );
    // The bound: the replica's liveness lock goes with its connection; the next sweep (every
    // SWEEP_SECONDS) gives the job back to the queue, and a live replica ends it, woken at once
    // (0.5 s polling at worst). The margin is for a machine busy with other suites.
    const tookMs = told.at - killedAt;
    expect(tookMs).toBeLessThan((SWEEP_SECONDS + 10) * 1000);
    const survivor = replicas.find((replica) => replica !== victim)!;
    expect(await survivor.job(started.jobId)).toMatchObject({ state: "interrupted" });
    expect(textOf(told)).toContain(started.jobId);
    console.log(`job of the killed replica ended as interrupted ${tookMs} ms after SIGKILL`);
    await replace(victim);
  }, 40_000);

  it("runs an idempotent job of a replica killed with SIGKILL again, to its end, once", async () => {
    await slash("resume r1", { replyPath: "r1" });
    const started = (await effect("r1")).json as { pid: number; jobId: string };
    const victim = replicas.find((replica) => replica.pid === started.pid)!;
    victim.child.kill("SIGKILL");
    const done = await recorder.waitFor((r) => r.path === "/r/r1", 30_000);
    expect(textOf(done)).toBe("resume r1 done");
    const runs = effectsOf("r1").map((r) => r.json.pid);
    expect(runs).toHaveLength(2);
    expect(runs[1]).not.toBe(started.pid);
    expect(repliesTo("r1")).toHaveLength(1);
    const survivor = replicas.find((replica) => replica !== victim)!;
    expect(await survivor.job(started.jobId)).toMatchObject({ state: "succeeded" });
    await replace(victim);
  }, 40_000);

  it("hands a running job back on SIGTERM; another replica ends it and tells its channel", async () => {
    await slash("long s1", { replyPath: "s1" });
    const started = (await effect("s1")).json as { pid: number; jobId: string };
    const leaving = replicas.find((replica) => replica.pid === started.pid)!;
    const exited = new Promise((resolve) => leaving.child.once("exit", resolve));
    leaving.child.kill("SIGTERM");
    // `long` does not stop by itself: after the 2 s drain it goes back to the queue, and since it
    // is not idempotent the replica that takes it ends it as interrupted.
    const told = await recorder.waitFor(
      (r) => r.path === "/r/s1" && /was interrupted/.test(textOf(r)),
      30_000,
    );
    expect(await exited).toBe(0);
    expect(textOf(told)).toContain(started.jobId);
    const survivor = replicas.find((replica) => replica !== leaving)!;
    expect(await survivor.job(started.jobId)).toMatchObject({ state: "interrupted" });
    expect(repliesTo("s1")).toHaveLength(1);
  }, 40_000);
});
