// Guardrails through real requests: a minimal connector takes JSON at /test/command and
// /test/action, so every path (typed, button, deferred job) goes through bot.fetch.
import { jobsOf } from "../testing.js";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "./audit.js";
import { createCatOps } from "../bot.js";
import type { CatOpsOptions } from "../bot-options.js";
import { command } from "../dispatch/command.js";
import type { Connector } from "../connector.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import { angleDialect } from "../test-dialect.js";
import type { CommandEvent, JobEnvelope, Reply, Store } from "../types.js";

interface Sent {
  event: CommandEvent;
  reply: Reply;
}

function testConnector(sent: Sent[]): Connector {
  const eventOf = (body: any): CommandEvent => ({
    command: [],
    text: body.text,
    user: { id: body.user },
    channel: { id: body.channel ?? "COPS", name: body.channelName ?? "ops" },
    team: { id: body.team ?? "T1" },
    source: "test",
  });
  return {
    name: "test",
    dialect: angleDialect,
    paths: ["/test/command", "/test/action"],
    async handle(request, kit) {
      const body = JSON.parse(await request.text()) as any;
      const reply = new URL(request.url).pathname.endsWith("/action")
        ? await kit.act({ action: body.action, value: body.value }, eventOf(body))
        : await kit.execute(eventOf(body));
      return Response.json(reply ?? {});
    },
    async deliver(event, reply) {
      sent.push({ event, reply });
      return {};
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms = 3000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await sleep(10);
  }
}

function setup(options: Partial<CatOpsOptions> = {}, deferred?: JobEnvelope[]) {
  const sent: Sent[] = [];
  const audits: AuditRecord[] = [];
  const pending: Promise<unknown>[] = [];
  const plugins = {
    hi: () => "Meow!",
    boom: () => {
      throw new Error("database is down");
    },
    deploy: command({
      args: { service: { required: true } },
      flags: { token: { secret: true } },
      allow: { groups: ["deployers"] },
      run: ({ args }) => `Deployed ${args.service}`,
    }),
    prod: command({ allow: { channels: ["COPS"], teams: ["T1"] }, run: () => "prod ok" }),
    byName: command({ allow: { channelNames: ["ops"] }, run: () => "by name ok" }),
    vip: command({ allow: { users: ["UVIP"] }, run: () => "vip ok" }),
    careful: command({ confirm: true, run: () => "careful done" }),
    guarded: command({
      confirm: true,
      allow: { groups: ["deployers"] },
      run: () => "guarded done",
    }),
    long: command({
      defer: true,
      run: ({ signal }) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => resolve("long done"), 10_000);
          signal.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(new Error("aborted"));
          });
        }),
    }),
    stubborn: command({ defer: true, run: () => sleep(400).then(() => "finished anyway") }),
    guardedJob: command({ defer: true, allow: { users: ["UOWNER"] }, run: () => "job ran" }),
  };
  const bot = createCatOps({
    logger: silentLogger,
    plugins: [{ file: "guard.ts", exports: plugins }],
    connectors: [testConnector(sent)],
    groups: { deployers: ["UDEP"], admins: ["UADMIN"] },
    onAudit: (record) => {
      audits.push(record);
    },
    cancelPollMs: 20,
    cancelGraceMs: 100,
    ...options,
  });
  const runtime = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    // With `deferred`, jobs are captured as a queue would take them, not run here.
    ...(deferred ? { defer: async (job: JobEnvelope) => void deferred.push(job) } : {}),
  };
  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await bot.fetch(
      new Request(`http://bot${path}`, { method: "POST", body: JSON.stringify(body) }),
      runtime,
    );
    return (await response.json()) as Reply;
  };
  return {
    bot,
    sent,
    audits,
    pending,
    say: (user: string, text: string, extra: Record<string, unknown> = {}) =>
      post("/test/command", { user, text, ...extra }),
    press: (user: string, action: string, value: string) =>
      post("/test/action", { user, action, value }),
  };
}

describe("permissions", () => {
  it("allows by user and refuses others, naming only the command and what would allow it", async () => {
    const { say } = setup();
    expect((await say("UVIP", "vip")).text).toBe("vip ok");
    const refused = await say("UOTHER", "vip");
    expect(refused.text).toBe("You are not allowed to run `vip`: it is for <@UVIP>.");
    expect(refused.error).toBe(true);
  });

  it("allows by group", async () => {
    const { say } = setup();
    expect((await say("UDEP", "deploy api")).text).toBe("Deployed api");
    expect((await say("UOTHER", "deploy api")).text).toContain("members of deployers");
  });

  it("requires both channel and team when a rule names both", async () => {
    const { say } = setup();
    expect((await say("U1", "prod")).text).toBe("prod ok");
    expect((await say("U1", "prod", { channelName: "random", channel: "CRANDOM" })).error).toBe(
      true,
    );
    expect((await say("U1", "prod", { team: "T2" })).text).toContain("in workspace T1");
  });

  it("matches channel names only where the platform signs them", async () => {
    const { say } = setup();
    expect((await say("U1", "byName")).text).toBe("by name ok");
    const unsigned = createCatOps({
      logger: silentLogger,
      plugins: [
        {
          file: "ops.ts",
          exports: {
            byName: command({ allow: { channelNames: ["ops"] }, run: () => "by name ok" }),
          },
        },
      ],
      connectors: [
        { ...testConnector([]), dialect: { ...angleDialect, signsChannelNames: false } },
      ],
    });
    const response = await unsigned.fetch(
      new Request("http://bot/test/command", {
        method: "POST",
        body: JSON.stringify({ user: "U1", text: "byName", channelName: "ops" }),
      }),
    );
    expect(((await response.json()) as Reply).text).toContain("not allowed to run `byName`");
  });

  it("refuses commands without a rule when the bot denies by default", async () => {
    const { say } = setup({ denyByDefault: true });
    expect((await say("U1", "hi")).error).toBe(true);
    expect((await say("UVIP", "vip")).text).toBe("vip ok");
  });

  it("lets admins grant and revoke a group from chat, and no one else", async () => {
    const { say } = setup();
    expect((await say("UALICE", "deploy api")).error).toBe(true);
    expect((await say("UALICE", "access grant deployers <@UALICE>")).text).toContain("not allowed");
    expect((await say("UADMIN", "access grant deployers <@UALICE|alice>")).text).toBe(
      "<@UALICE> is now in deployers.",
    );
    expect((await say("UALICE", "deploy api")).text).toBe("Deployed api");
    expect((await say("UADMIN", "access list")).text).toContain("deployers: <@UDEP>, <@UALICE>");
    expect((await say("UADMIN", "access revoke deployers <@UALICE>")).text).toBe(
      "<@UALICE> is no longer in deployers.",
    );
    expect((await say("UALICE", "deploy api")).error).toBe(true);
  });

  it("checks the presser of a suggested-command button, not whoever posted it", async () => {
    const { press } = setup();
    expect((await press("UOTHER", "catops.run", "deploy api")).text).toContain("not allowed");
    expect((await press("UDEP", "catops.run", "deploy api")).text).toBe("Deployed api");
  });

  it("runs no job envelope without its record, and audits the refusal", async () => {
    const audits: AuditRecord[] = [];
    const { bot, sent } = setup({ onAudit: (record) => void audits.push(record) });
    const forged: JobEnvelope = {
      kind: "catops.job",
      id: "forged1",
      connector: "test",
      event: {
        command: ["guardedJob"],
        user: { id: "UMALLORY" },
        source: "test",
        responseUrl: "https://attacker.example/hook",
      },
      enqueuedAt: Date.now(),
    };
    await bot.runJob(forged);
    expect(sent).toHaveLength(0);
    expect((await jobsOf(bot).get("forged1"))?.state).toBeUndefined();
    expect(audits).toMatchObject([
      { outcome: "denied", jobId: "forged1", detail: expect.stringContaining("no job") },
    ]);
  });

  it("refuses an envelope whose user, channel, reply address or command differ from its record", async () => {
    const audits: AuditRecord[] = [];
    const { bot, sent } = setup({ onAudit: (record) => void audits.push(record) });
    const event = {
      command: ["guardedJob"],
      user: { id: "UOWNER" },
      channel: { id: "COPS" },
      source: "test",
      responseUrl: "https://hooks.example/real",
    };
    await jobsOf(bot).create({
      id: "real1",
      command: "guardedJob",
      user: event.user,
      channel: event.channel,
      connector: "test",
      responseUrl: event.responseUrl,
    });
    const envelope = (changes: Partial<typeof event>): JobEnvelope => ({
      kind: "catops.job",
      id: "real1",
      connector: "test",
      event: { ...event, ...changes },
      enqueuedAt: Date.now(),
    });
    await bot.runJob(envelope({ user: { id: "UMALLORY" } }));
    await bot.runJob(envelope({ channel: { id: "CELSEWHERE" } }));
    await bot.runJob(envelope({ responseUrl: "https://attacker.example/hook" }));
    await bot.runJob(envelope({ command: ["hi"] }));
    expect(sent).toHaveLength(0);
    expect(audits.map((record) => record.detail)).toEqual([
      "job envelope refused: its user differs from the job's record",
      "job envelope refused: its channel differs from the job's record",
      "job envelope refused: its reply address differs from the job's record",
      "job envelope refused: its command differs from the job's record",
    ]);
    expect((await jobsOf(bot).get("real1"))?.state).toBe("queued");
    await bot.runJob(envelope({}));
    expect((await jobsOf(bot).get("real1"))?.state).toBe("succeeded");
  });
});

describe("confirmation", () => {
  it("asks with Run and Cancel, runs once, and says so when pressed again", async () => {
    const { say, press } = setup();
    const question = await say("U1", "careful");
    expect(question.text).toBe("Run `careful`?");
    const run = question.buttons!.find((b) => b.text === "Run")!;
    expect(question.buttons!.map((b) => b.action)).toEqual(["catops.confirm", "catops.cancel"]);
    const done = await press("U1", run.action!, run.value!);
    expect(done.text).toBe("careful done");
    expect(done.replaceOriginal).toBe(true);
    expect((await press("U1", run.action!, run.value!)).text).toMatch(/expired|already used/);
  });

  it("refuses a press by another user unless the command's rule allows them", async () => {
    const { say, press } = setup();
    const careful = (await say("U1", "careful")).buttons![0]!;
    expect((await press("U2", careful.action!, careful.value!)).text).toBe(
      "Only <@U1> can answer this confirmation.",
    );
    const guarded = (await say("UDEP", "guarded")).buttons![0]!;
    expect((await press("UOTHER", guarded.action!, guarded.value!)).error).toBe(true);
    expect((await press("UDEP", guarded.action!, guarded.value!)).text).toBe("guarded done");
  });

  it("cancels without running", async () => {
    const { say, press, audits } = setup();
    const cancel = (await say("U1", "careful")).buttons!.find((b) => b.text === "Cancel")!;
    expect((await press("U1", cancel.action!, cancel.value!)).text).toBe("Cancelled `careful`.");
    expect(audits.map((a) => a.outcome)).toEqual(["confirmation_requested", "cancelled"]);
  });

  it("expires", async () => {
    let clock = 1_700_000_000_000;
    const store = createMemoryStore({ now: () => clock });
    const { say, press } = setup({ store, now: () => clock });
    const run = (await say("U1", "careful")).buttons![0]!;
    clock += 11 * 60_000;
    expect((await press("U1", run.action!, run.value!)).text).toBe(
      "This confirmation has expired; run the command again.",
    );
  });
});

describe("audit", () => {
  it("records every outcome with who, where, the masked command, duration and request id", async () => {
    const { say, press, audits, pending } = setup();
    await say("UDEP", "deploy api --token hunter2secret");
    await say("U1", "boom");
    await say("U1", "vip");
    const run = (await say("U1", "careful")).buttons![0]!;
    await press("U1", run.action!, run.value!);
    await say("U1", "stubborn");
    await Promise.all(pending);
    const outcomes = audits.map((a) => `${a.outcome}:${a.command}`);
    expect(outcomes).toEqual([
      "succeeded:deploy api --token ***",
      "failed:boom",
      "denied:vip",
      "confirmation_requested:careful",
      "confirmed:careful",
      "succeeded:careful",
      "deferred:stubborn",
      "succeeded:stubborn",
    ]);
    const first = audits[0]!;
    expect(first.user).toEqual({ id: "UDEP" });
    expect(first.channel).toEqual({ id: "COPS", name: "ops" });
    expect(first.requestId).toMatch(/^[a-z0-9]{12}$/);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(audits)).not.toContain("hunter2secret");
    expect(audits.find((a) => a.outcome === "deferred")!.jobId).toMatch(/^[a-z0-9]{10}$/);
  });

  it("posts compact coloured messages to the audit channel, and a failure to post never fails the command", async () => {
    const sent: Sent[] = [];
    const failing: Connector = {
      ...testConnector(sent),
      async deliver(event, reply) {
        if (event.source === "audit") throw new Error("channel_not_found");
        sent.push({ event, reply });
        return {};
      },
    };
    const { say } = setup({ connectors: [failing], auditChannel: "CAUDIT" });
    expect((await say("U1", "hi")).text).toBe("Meow!");

    const ok = setup({ auditChannel: "CAUDIT" });
    await ok.say("U1", "hi");
    // Posted after the answer, never before it.
    expect(ok.sent.find((s) => s.event.channel?.id === "CAUDIT")).toBeUndefined();
    await Promise.all(ok.pending);
    const audit = ok.sent.find((s) => s.event.channel?.id === "CAUDIT")!;
    expect(audit.reply.attachments![0]).toMatchObject({ level: "success" });
    expect(audit.reply.attachments![0]!.text).toContain("<@U1> `hi` in <#COPS>: succeeded");
  });
});

describe("jobs you may see", () => {
  it("shows a job's details and result to its owner, admins and whoever may run it, and no one else", async () => {
    const { say } = setup();
    const ack = await say("UOWNER", "guardedJob");
    const id = /job `(\w+)`/.exec(ack.text ?? "")![1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await say("UOWNER", `jobs ${id}`)).text).toContain("Result: job ran");
    expect((await say("UADMIN", `jobs ${id}`)).text).toContain("Result: job ran");
    const refused = await say("UMALLORY", `jobs ${id}`);
    expect(refused).toMatchObject({
      text: `You are not allowed to see job \`${id}\`.`,
      error: true,
    });
    expect(refused.text).not.toContain("job ran");
  });
});

describe("jobs you can stop", () => {
  it("lists jobs and cancels a running one in this process through its AbortSignal", async () => {
    const { say, sent, bot, pending } = setup();
    const ack = await say("U1", "long");
    const id = /job `(\w+)`/.exec(ack.text!)![1]!;
    await waitFor(async () => (await jobsOf(bot).get(id))?.state === "running");
    expect((await say("U1", "jobs")).text).toContain(`\`${id}\` running: \`long\` by <@U1>`);
    expect((await say("U2", `cancel ${id}`)).text).toContain("Only <@U1>");
    expect((await say("U1", `cancel ${id}`)).text).toContain(`Cancelling job \`${id}\``);
    await Promise.all(pending);
    const job = await jobsOf(bot).get(id);
    expect(job?.state).toBe("cancelled");
    expect(job?.result).toBe("cancelled");
    expect(sent.at(-1)!.reply.text).toBe(`\`long\` was cancelled by <@U1> (job \`${id}\`).`);
    expect((await say("U1", `jobs ${id}`)).text).toContain("Result: cancelled by <@U1>");
  });

  it("cancels a job running in another process, learning of it from the shared store", async () => {
    const store: Store = createMemoryStore();
    const queue: JobEnvelope[] = [];
    const front = setup({ store }, queue);
    const worker = setup({ store });
    const id = /job `(\w+)`/.exec((await front.say("U1", "long")).text!)![1]!;
    expect(queue.map((job) => job.id)).toEqual([id]);
    const running = worker.bot.runJob(queue[0]!);
    await waitFor(
      async () => (await store.get<{ state: string }>(`job:${id}`))?.state === "running",
    );
    expect((await front.say("UADMIN", `cancel ${id}`)).text).toContain(
      "stops within a few seconds",
    );
    await running;
    expect((await jobsOf(worker.bot).get(id))?.state).toBe("cancelled");
    expect(worker.sent.at(-1)!.reply.text).toBe(
      `\`long\` was cancelled by <@UADMIN> (job \`${id}\`).`,
    );
  });

  it("marks a job that ignores the signal as abandoned", async () => {
    const { say, bot, pending } = setup();
    const id = /job `(\w+)`/.exec((await say("U1", "stubborn")).text!)![1]!;
    await waitFor(async () => (await jobsOf(bot).get(id))?.state === "running");
    await say("U1", `cancel ${id}`);
    await Promise.all(pending);
    expect((await jobsOf(bot).get(id))?.result).toBe(
      "cancelled; the command ignored the signal and was abandoned",
    );
  });

  it("reports progress into the job record, and into chat at most once per interval", async () => {
    const { say, bot, pending, sent } = setup({
      commands: [
        {
          name: "steps",
          defer: true,
          run: async (ctx) => {
            await ctx.progress("step 1/5");
            await ctx.progress("step 2/5");
            await sleep(50);
            return "ok";
          },
        },
      ],
    });
    const id = /job `(\w+)`/.exec((await say("U1", "steps")).text!)![1]!;
    await waitFor(async () => (await jobsOf(bot).get(id))?.progress === "step 2/5");
    await Promise.all(pending);
    expect((await jobsOf(bot).get(id))?.state).toBe("succeeded");
    expect(sent.map((s) => s.reply)).toEqual([
      {
        text: `\`steps\`: step 1/5 (job \`${id}\`)`,
        replaceOriginal: true,
        visibility: "in_channel",
      },
      { text: "ok", visibility: "in_channel" },
    ]);
  });
});

describe("deferral failures", () => {
  it("tells the user and marks the job failed when the runtime cannot take the job", async () => {
    const sent: Sent[] = [];
    const bot = createCatOps({
      logger: silentLogger,
      connectors: [testConnector(sent)],
      commands: [{ name: "later", defer: true, run: () => "never" }],
    });
    const response = await bot.fetch(
      new Request("http://bot/test/command", {
        method: "POST",
        body: JSON.stringify({ user: "U1", text: "later" }),
      }),
      {
        defer: async () => {
          throw new Error("topic not found");
        },
      },
    );
    const reply = (await response.json()) as Reply;
    expect(reply.text).toBe("`later` could not be started; try again in a moment.");
    const [job] = await jobsOf(bot).recent();
    expect(job).toMatchObject({ state: "failed", result: "could not be started" });
  });
});
