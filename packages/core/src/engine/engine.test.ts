import { jobsOf } from "../testing.js";
import { describe, expect, it, vi } from "vitest";
import { createCatOps } from "../bot.js";
import { command } from "../dispatch/command.js";
import type { Connector, ConnectorKit } from "../connector.js";
import { json, parseJsonObject, readBody } from "../http/http.js";
import { silentLogger } from "../logger.js";
import type { Command, CommandEvent, JobEnvelope, Reply, Runtime } from "../types.js";

interface FakeRequest {
  text?: string;
  user?: string;
  action?: string;
  value?: string;
}

interface Delivered {
  event: CommandEvent;
  reply: Reply;
}

/** A connector for engine tests: JSON in, the reply as JSON out, late replies recorded. */
function createFakeConnector() {
  const delivered: Delivered[] = [];
  const waiters: (() => void)[] = [];
  const connector: Connector = {
    name: "fake",
    paths: ["/fake"],
    async handle(request: Request, kit: ConnectorKit) {
      const body = parseJsonObject(await readBody(request, kit.bodyLimit)) as FakeRequest;
      const event: CommandEvent = {
        command: [],
        text: body.text ?? "",
        user: body.user ? { id: body.user } : undefined,
        source: "fake",
      };
      const reply = body.action
        ? await kit.act({ action: body.action, value: body.value }, event)
        : await kit.execute(event);
      return json(reply ?? null);
    },
    async deliver(event, reply) {
      delivered.push({ event, reply });
      for (const wake of waiters.splice(0)) wake();
      return {};
    },
  };
  async function deliveries(count: number): Promise<Delivered[]> {
    while (delivered.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return delivered;
  }
  return { connector, delivered, deliveries };
}

function setup(commands: Command[], options: { deadlineMs?: number; jobTimeoutMs?: number } = {}) {
  let clock = 1_700_000_000_000;
  const fake = createFakeConnector();
  const bot = createCatOps({
    connectors: [fake.connector],
    logger: silentLogger,
    builtins: false,
    now: () => clock,
    commands,
    ...options,
  });
  const pending: Promise<unknown>[] = [];
  const runtime: Runtime = { waitUntil: (promise) => void pending.push(promise) };
  async function send(body: FakeRequest, rt: Runtime = runtime): Promise<Reply | null> {
    const response = await bot.fetch(
      new Request("http://bot.test/fake", { method: "POST", body: JSON.stringify(body) }),
      rt,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as Reply | null;
  }
  return {
    bot,
    send,
    runtime,
    pending,
    ...fake,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const jobIdOf = (reply: Reply | null) => /job `([a-z0-9]+)`/.exec(reply?.text ?? "")?.[1] ?? "";

describe("engine: confirmation", () => {
  function confirmed() {
    const runs: string[] = [];
    const restart = command({
      args: { service: { required: true } },
      confirm: true,
      run: ({ args, user }) => {
        runs.push(`${args.service} by ${user?.id}`);
        return `Restarted ${args.service}`;
      },
    });
    return { runs, ...setup([{ ...restart, name: "restart" }]) };
  }

  it("asks with Run and Cancel buttons and runs nothing yet", async () => {
    const { send, runs } = confirmed();
    const reply = await send({ text: "restart api", user: "U1" });
    expect(reply?.text).toBe("Run `restart api`?");
    expect(reply?.visibility).toBe("ephemeral");
    expect(reply?.buttons?.map((b) => [b.text, b.action])).toEqual([
      ["Run", "catops.confirm"],
      ["Cancel", "catops.cancel"],
    ]);
    expect(runs).toEqual([]);
  });

  it("runs once when confirmed, however often the button is pressed", async () => {
    const { send, runs } = confirmed();
    const ask = await send({ text: "restart api", user: "U1" });
    const id = ask?.buttons?.[0]?.value;
    const presses = await Promise.all(
      [1, 2, 3].map(() => send({ action: "catops.confirm", value: id, user: "U1" })),
    );
    expect(runs).toEqual(["api by U1"]);
    expect(presses.filter((r) => r?.text === "Restarted api")).toHaveLength(1);
    expect(presses.find((r) => r?.text === "Restarted api")).toMatchObject({
      replaceOriginal: true,
      visibility: "in_channel",
    });
    const late = await send({ action: "catops.confirm", value: id, user: "U1" });
    expect(late?.error).toBe(true);
    expect(runs).toHaveLength(1);
  });

  it("cancels without running", async () => {
    const { send, runs } = confirmed();
    const id = (await send({ text: "restart api", user: "U1" }))?.buttons?.[1]?.value;
    expect(await send({ action: "catops.cancel", value: id, user: "U1" })).toEqual({
      text: "Cancelled `restart api`.",
      replaceOriginal: true,
    });
    expect((await send({ action: "catops.confirm", value: id, user: "U1" }))?.error).toBe(true);
    expect(runs).toEqual([]);
  });

  it("expires after ten minutes", async () => {
    const { send, runs, advance } = confirmed();
    const id = (await send({ text: "restart api", user: "U1" }))?.buttons?.[0]?.value;
    advance(601_000);
    expect(await send({ action: "catops.confirm", value: id, user: "U1" })).toEqual({
      text: "This confirmation has expired; run the command again.",
      replaceOriginal: true,
      error: true,
    });
    expect(runs).toEqual([]);
  });

  it("refuses another user, and still lets the requester answer", async () => {
    const { send, runs } = confirmed();
    const id = (await send({ text: "restart api", user: "U1" }))?.buttons?.[0]?.value;
    expect(await send({ action: "catops.confirm", value: id, user: "U2" })).toEqual({
      text: "Only @U1 can answer this confirmation.",
      visibility: "ephemeral",
      error: true,
      raw: true,
    });
    expect(runs).toEqual([]);
    expect((await send({ action: "catops.confirm", value: id, user: "U1" }))?.text).toBe(
      "Restarted api",
    );
  });

  it("acknowledges an unknown action with nothing", async () => {
    const { send } = confirmed();
    expect(await send({ action: "something.else", user: "U1" })).toBeNull();
  });
});

describe("engine: deferred jobs", () => {
  function deferred() {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs: string[] = [];
    const build = command({
      args: { service: { required: true } },
      defer: true,
      run: async ({ args, progress, jobId }) => {
        runs.push(String(jobId));
        await progress("compiling");
        await gate;
        return `Built ${args.service}`;
      },
    });
    return { runs, release, ...setup([{ ...build, name: "build" }]) };
  }

  it("acknowledges at once and runs the job through waitUntil", async () => {
    const { send, pending, delivered, deliveries, bot, release, runs } = deferred();
    const reply = await send({ text: "build api", user: "U1" });
    const id = jobIdOf(reply);
    expect(reply).toEqual({
      text: `Running \`build api\`… (job \`${id}\`)`,
      visibility: "in_channel",
    });
    expect(pending).toHaveLength(1);
    expect(delivered.filter((d) => !d.reply.replaceOriginal)).toEqual([]);

    // The job runs in the background: wait for it to report progress (it then holds until released).
    await vi.waitFor(async () =>
      expect(await jobsOf(bot).get(id)).toMatchObject({
        state: "running",
        command: "build api",
        user: { id: "U1" },
        connector: "fake",
        progress: "compiling",
      }),
    );
    release();
    await Promise.all(pending);
    const [progress, late] = await deliveries(2);
    expect(progress?.reply).toEqual({
      text: `\`build api\`: compiling (job \`${id}\`)`,
      replaceOriginal: true,
      visibility: "in_channel",
    });
    expect(late?.reply).toEqual({ text: "Built api", visibility: "in_channel" });
    expect(late?.event.user?.id).toBe("U1");
    expect(await jobsOf(bot).get(id)).toMatchObject({ state: "succeeded", result: "Built api" });
    expect(runs).toEqual([id]);
  });

  it("hands the job to the runtime's defer when it has one", async () => {
    const { send, bot, release, deliveries } = deferred();
    const queued: JobEnvelope[] = [];
    const reply = await send(
      { text: "build api", user: "U1" },
      { defer: async (job) => void queued.push(job) },
    );
    expect(queued).toHaveLength(1);
    const [envelope] = queued;
    expect(envelope).toMatchObject({ kind: "catops.job", id: jobIdOf(reply), connector: "fake" });
    expect(JSON.parse(JSON.stringify(envelope))).toEqual(envelope);
    expect(await jobsOf(bot).get(envelope!.id)).toMatchObject({ state: "queued" });

    release();
    await bot.runJob(envelope!);
    expect((await deliveries(2)).map((d) => d.reply.text)).toEqual([
      `\`build api\`: compiling (job \`${envelope!.id}\`)`,
      "Built api",
    ]);
    expect(await jobsOf(bot).get(envelope!.id)).toMatchObject({ state: "succeeded" });
  });

  it("runs a job delivered twice only once", async () => {
    const { send, bot, release, runs, delivered } = deferred();
    const queued: JobEnvelope[] = [];
    await send({ text: "build api", user: "U1" }, { defer: async (job) => void queued.push(job) });
    const envelope = queued[0]!;
    release();
    await Promise.all([bot.runJob(envelope), bot.runJob(envelope), bot.runJob({ ...envelope })]);
    await bot.runJob(envelope);
    expect(runs).toEqual([envelope.id]);
    // One progress message and one result: the job ran once.
    expect(delivered).toHaveLength(2);
  });

  it("marks a redelivered job whose run died as interrupted, and tells its channel", async () => {
    const { send, bot, runs, delivered } = deferred();
    const queued: JobEnvelope[] = [];
    await send({ text: "build api", user: "U1" }, { defer: async (job) => void queued.push(job) });
    const envelope = queued[0]!;
    // The first run started, then its process died: the record says running, the lease is gone.
    await jobsOf(bot).update(envelope.id, { state: "running", startedAt: 1 });
    await bot.runJob(envelope);
    expect(runs).toEqual([]);
    expect(await jobsOf(bot).get(envelope.id)).toMatchObject({
      state: "interrupted",
      result: "the process running it stopped before it finished",
    });
    expect(delivered.at(-1)!.reply).toMatchObject({
      text: `\`build api\` was interrupted (job \`${envelope.id}\`): the process running it stopped before it finished. It did not finish; run it again if it is still needed.`,
      error: true,
    });
    await bot.runJob(envelope);
    expect(runs).toEqual([]);
  });

  it("runs a redelivered idempotent job again when its first run died", async () => {
    const runs: string[] = [];
    const check = command({
      defer: true,
      idempotent: true,
      run: ({ jobId }) => {
        runs.push(String(jobId));
        return "checked";
      },
    });
    const { send, bot } = setup([{ ...check, name: "check" }]);
    const queued: JobEnvelope[] = [];
    await send({ text: "check", user: "U1" }, { defer: async (job) => void queued.push(job) });
    await jobsOf(bot).update(queued[0]!.id, { state: "running", startedAt: 1 });
    await bot.runJob(queued[0]!);
    expect(runs).toEqual([queued[0]!.id]);
    expect((await jobsOf(bot).get(queued[0]!.id))?.state).toBe("succeeded");
  });

  it("ignores a delivery while the first run holds its lease", async () => {
    const { send, bot, runs, release } = deferred();
    const queued: JobEnvelope[] = [];
    await send({ text: "build api", user: "U1" }, { defer: async (job) => void queued.push(job) });
    const first = bot.runJob(queued[0]!);
    // The second delivery comes once the first run holds the job (and its lease).
    await vi.waitFor(async () =>
      expect((await jobsOf(bot).get(queued[0]!.id))?.state).toBe("running"),
    );
    await bot.runJob(queued[0]!);
    release();
    await first;
    expect(runs).toEqual([queued[0]!.id]);
    expect((await jobsOf(bot).get(queued[0]!.id))?.state).toBe("succeeded");
  });

  it("refuses a job for an unknown connector", async () => {
    const { bot } = deferred();
    const envelope: JobEnvelope = {
      kind: "catops.job",
      id: "j1",
      connector: "carrier-pigeon",
      event: { command: ["build", "api"] },
      enqueuedAt: 0,
    };
    await expect(bot.runJob(envelope)).rejects.toThrow('unknown connector "carrier-pigeon"');
  });
});

describe("engine: deadlines and timeouts", () => {
  it("acknowledges a slow command after the deadline and delivers the answer later", async () => {
    const { send, pending, deliveries } = setup(
      [
        {
          name: "slow",
          run: async () => {
            await sleep(120);
            return "done at last";
          },
        },
        { name: "fast", run: () => "quick" },
      ],
      { deadlineMs: 30 },
    );
    expect(await send({ text: "fast", user: "U1" })).toEqual({ text: "quick" });
    const started = Date.now();
    const reply = await send({ text: "slow", user: "U1" });
    expect(Date.now() - started).toBeLessThan(110);
    expect(reply).toEqual({
      text: "Still working on `slow`; the answer will follow here.",
      visibility: "in_channel",
    });
    await Promise.all(pending);
    const [late] = await deliveries(1);
    expect(late?.reply).toEqual({ text: "done at last" });
  });

  it("arms no deadline timer for a command that answers at once, sync or async", async () => {
    const { send } = setup([
      { name: "fast", run: () => "quick" },
      { name: "awaits", run: async () => `${await Promise.resolve("also")} quick` },
    ]);
    const timers = vi.spyOn(globalThis, "setTimeout");
    try {
      expect(await send({ text: "fast", user: "U1" })).toEqual({ text: "quick" });
      expect(await send({ text: "awaits", user: "U1" })).toEqual({ text: "also quick" });
      expect(timers).not.toHaveBeenCalled();
    } finally {
      timers.mockRestore();
    }
  });

  it("stops a job at the runtime's remaining time and says so", async () => {
    let aborted = false;
    const { send, bot, deliveries } = setup([
      {
        name: "forever",
        defer: true,
        run: ({ signal }) =>
          new Promise((_, reject) => {
            signal.addEventListener("abort", () => {
              aborted = true;
              reject(new Error("stopped"));
            });
          }),
      },
    ]);
    const queued: JobEnvelope[] = [];
    await send({ text: "forever", user: "U1" }, { defer: async (job) => void queued.push(job) });
    const started = Date.now();
    // 1.5 s is kept back to tell the user; 1.6 s left gives the job 100 ms.
    await bot.runJob(queued[0]!, { remainingMs: () => 1600 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aborted).toBe(true);
    const [late] = await deliveries(1);
    expect(late?.reply.error).toBe(true);
    expect(late?.reply.text).toMatch(/^`forever` timed out after 0 s \(job `[a-z0-9]+`\)\.$/);
    expect(await jobsOf(bot).get(queued[0]!.id)).toMatchObject({ state: "timed_out" });
  });

  it("stops a job at its own timeout", async () => {
    const { send, bot } = setup([
      { name: "stuck", defer: true, timeoutMs: 50, run: () => new Promise(() => {}) },
    ]);
    const queued: JobEnvelope[] = [];
    await send({ text: "stuck" }, { defer: async (job) => void queued.push(job) });
    await bot.runJob(queued[0]!);
    expect(await jobsOf(bot).get(queued[0]!.id)).toMatchObject({ state: "timed_out" });
  });

  it("records a failed job and delivers the short failure", async () => {
    const { send, bot, deliveries } = setup([
      {
        name: "broken",
        defer: true,
        run: () => {
          throw new Error("disk full\nstack line");
        },
      },
    ]);
    const queued: JobEnvelope[] = [];
    await send({ text: "broken" }, { defer: async (job) => void queued.push(job) });
    await bot.runJob(queued[0]!);
    expect((await deliveries(1))[0]?.reply).toMatchObject({
      text: "`broken` failed: disk full",
      error: true,
    });
    expect(await jobsOf(bot).get(queued[0]!.id)).toMatchObject({ state: "failed" });
  });
});
