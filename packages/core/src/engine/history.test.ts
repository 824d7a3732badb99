// `history` and `rerun` through the dispatcher: who ran what, shown by the rule of `jobs <id>`,
// and run again as the one who asks, through every check of a typed command.
import { jobsOf } from "../testing.js";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "./audit.js";
import { createCatOps } from "../bot.js";
import { keepHistory } from "./history-feature.js";
import { command } from "../dispatch/command.js";
import type { Connector } from "../connector.js";
import { FINAL_STATES } from "./jobs.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import { angleDialect } from "../test-dialect.js";
import type { Store } from "../types.js";

function setup(extra: { store?: Store; now?: () => number } = {}) {
  const audits: AuditRecord[] = [];
  const ran: { user?: string; args: unknown; flags: unknown }[] = [];
  const bot = createCatOps({
    logger: silentLogger,
    history: keepHistory(),
    store: extra.store,
    now: extra.now,
    groups: { admins: ["UADMIN"], deployers: ["UDEP", "UDEP2"] },
    onAudit: (record) => void audits.push(record),
    plugins: [
      {
        file: "ops.ts",
        exports: {
          hi: () => "Meow!",
          deploy: command({
            args: { service: { required: true } },
            flags: { env: { default: "staging" }, token: { secret: true } },
            allow: { groups: ["deployers"] },
            run: (ctx) => {
              ran.push({ user: ctx.user?.id, args: ctx.args, flags: ctx.flags });
              return `deployed ${ctx.args.service}`;
            },
          }),
          drop: command({
            args: { table: { required: true } },
            confirm: true,
            run: (ctx) => `dropped ${ctx.args.table}`,
          }),
          build: command({ defer: true, run: () => "built" }),
        },
      },
    ],
  });
  const say = async (user: string, text: string, channel = "COPS") =>
    (await bot.dispatch(
      { command: [], text, user: { id: user }, channel: { id: channel } },
      { dialect: angleDialect },
    )) ?? {};
  const ids = async (user: string, text = "history", channel = "COPS") =>
    [...((await say(user, text, channel)).text ?? "").matchAll(/^`([a-z0-9]+)`/gm)].map(
      (match) => match[1]!,
    );
  return { bot, say, ids, audits, ran };
}

/** Resolves once every job of COPS has ended (bounded by the test's own time limit). */
async function ended(bot: ReturnType<typeof setup>["bot"]): Promise<void> {
  for (;;) {
    const jobs = await jobsOf(bot).recentIn({ channelId: "COPS" });
    if (jobs.length > 0 && jobs.every((job) => FINAL_STATES.has(job.state))) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("history with nothing else taking routine records", () => {
  it("keeps a command answered at once, with no logger, audit channel or onAudit given", async () => {
    const bot = createCatOps({
      history: keepHistory(),
      env: {},
      plugins: [{ file: "ops.ts", exports: { hi: () => "Meow!" } }],
    });
    const event = { command: [], user: { id: "U1" }, channel: { id: "C1" } };
    expect((await bot.dispatch({ ...event, text: "hi" }))?.text).toBe("Meow!");
    expect((await bot.dispatch({ ...event, text: "history" }))?.text).toMatch(
      /^`[a-z0-9]{8}` \d+s ago, succeeded: `hi`/,
    );
  });
});

describe("history", () => {
  it("lists this channel's runs newest first, ten a page, with mentions in the platform's markup", async () => {
    let clock = 1_000_000;
    const { say, ids } = setup({ now: () => (clock += 1000) });
    for (let i = 0; i < 12; i++) await say("U1", `hi ${i}`);
    await say("U1", "hi elsewhere", "COTHER");
    const first = await say("U1", "history");
    const lines = first.text!.split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(/^`[a-z0-9]+` \d+s ago, succeeded: `hi 11` by <@U1> in <#COPS>$/);
    expect(lines[10]).toContain("Page 1 of 2: `--page 2`");
    expect(first.raw).toBe(true);
    const second = await say("U1", "history --page 2");
    expect(second.text).toContain("`hi 1`");
    expect(second.text).toContain("`hi 0`");
    expect(second.text).not.toContain("elsewhere");
    // `history` and `jobs` themselves are not kept.
    expect(await ids("U1")).toHaveLength(10);
    expect((await say("U1", "history --page 2")).text).not.toContain("`history");
  });

  it("filters by user, command and age", async () => {
    let clock = 10_000_000;
    const { say } = setup({ now: () => clock });
    await say("U1", "hi old");
    clock += 2 * 86_400_000;
    await say("U1", "hi new");
    await say("UDEP", "deploy api");
    await say("UDEP", "hi from dep", "COTHER");
    const since = (await say("U1", "history --since 1d")).text!;
    expect(since).toContain("hi new");
    expect(since).not.toContain("hi old");
    const byCommand = (await say("UADMIN", "history --command deploy")).text!;
    expect(byCommand.split("\n")).toHaveLength(2);
    expect(byCommand).toContain("`deploy api`");
    const byUser = (await say("UADMIN", "history --user <@UDEP>")).text!;
    expect(byUser).toContain("`deploy api`");
    expect(byUser).toContain("hi from dep");
    expect(byUser).not.toContain("hi new");
    // Anyone else sees that user's runs of this conversation only.
    const fromHere = (await say("UDEP2", "history --user <@UDEP>")).text!;
    expect(fromHere).toContain("`deploy api`");
    expect(fromHere).not.toContain("hi from dep");
    expect((await say("UDEP", "history --user <@UDEP>")).text).toContain("hi from dep");
    expect((await say("U1", "history --since yesterday")).text).toContain("is not a duration");
  });

  it("shows a run to its owner, admins and those the command's rule admits, and to nobody else", async () => {
    const { say } = setup();
    await say("UDEP", "deploy api");
    expect((await say("UDEP", "history")).text).toContain("`deploy api`");
    expect((await say("UDEP2", "history")).text).toContain("`deploy api`");
    expect((await say("UADMIN", "history")).text).toContain("`deploy api`");
    expect((await say("UMALLORY", "history")).text).toBe("No runs.");
  });

  it("lists a long line clipped, and reruns it whole", async () => {
    const { say, ids, ran } = setup();
    const service = "x".repeat(400);
    await say("UDEP", `deploy ${service}`);
    const listed = (await say("UDEP", "history")).text!;
    expect(listed).toContain(`\`deploy ${"x".repeat(293)}…\``);
    const [id] = await ids("UDEP");
    await say("UDEP", `rerun ${id}`);
    expect(ran.at(-1)).toMatchObject({ args: { service } });
  });

  it("keeps a clipped line from someone the command's rule refuses", async () => {
    const { say } = setup();
    // Clipped inside its quotes, the listed line no longer reads; it stays the deployers'.
    await say("UDEP", `deploy "${"y ".repeat(200)}"`);
    expect((await say("UDEP2", "history")).text).toContain("`deploy");
    expect((await say("UMALLORY", "history")).text).toBe("No runs.");
  });

  it("keeps secret flag values masked", async () => {
    const { say } = setup();
    await say("UDEP", "deploy api --token hunter2");
    const text = (await say("UDEP", "history")).text!;
    expect(text).toContain("`deploy api --token ***`");
    expect(text).not.toContain("hunter2");
  });

  it("reads one index key for a listing, whatever else the store holds", async () => {
    const inner = createMemoryStore();
    let reads = 0;
    const store: Store = {
      ...inner,
      get: async (key) => {
        reads++;
        return inner.get(key);
      },
    };
    const { say } = setup({ store });
    for (let i = 0; i < 30; i++) await say("U1", `hi ${i}`, `C${i % 5}`);
    reads = 0;
    await say("U1", "history", "C1");
    expect(reads).toBe(1);
  });

  it("asks whether the viewer is an admin once for a listing of other people's runs", async () => {
    const inner = createMemoryStore();
    let groupReads = 0;
    const store: Store = {
      ...inner,
      get: async (key) => {
        if (key === "access:groups") groupReads++;
        return inner.get(key);
      },
    };
    const { say, ids } = setup({ store });
    for (let i = 0; i < 10; i++) await say(i % 2 ? "UDEP" : "UDEP2", `deploy svc${i}`);
    groupReads = 0;
    expect(await ids("UDEP")).toHaveLength(10);
    // Once for the admin check; once each for the two rules that read stored groups (`deploy`'s
    // and the viewer's own run of `history`, which is not listed): never once per run.
    expect(groupReads).toBeLessThanOrEqual(3);
  });

  it("is not there unless the bot keeps a history", async () => {
    const bot = createCatOps({ logger: silentLogger });
    const reply = await bot.dispatch({ command: ["history"], user: { id: "U1" } });
    expect(reply?.text).toContain("Unknown command `history`");
  });
});

describe("rerun", () => {
  it("runs the same command line again as the one who asks, audited as theirs", async () => {
    const { say, ids, audits, ran } = setup();
    await say("UDEP", "deploy api --env prod");
    const [id] = await ids("UDEP2");
    const reply = await say("UDEP2", `rerun ${id}`);
    expect(reply.text).toBe("deployed api");
    expect(ran).toEqual([
      { user: "UDEP", args: { service: "api" }, flags: { env: "prod" } },
      { user: "UDEP2", args: { service: "api" }, flags: { env: "prod" } },
    ]);
    expect(audits.at(-1)).toMatchObject({
      outcome: "succeeded",
      command: "deploy api --env prod",
      user: { id: "UDEP2" },
    });
    expect((await ids("UDEP2")).length).toBe(2);
  });

  it("applies the command's rule to the one who asks", async () => {
    const { say, ids, ran } = setup();
    await say("UDEP", "deploy api");
    const [id] = await ids("UDEP");
    // Someone the rule refuses does not see the run, so cannot name it.
    const refused = await say("UMALLORY", `rerun ${id}`);
    expect(refused).toMatchObject({
      error: true,
      text: `You are not allowed to see run \`${id}\`.`,
    });
    // An admin who sees every run is still refused by the command's own rule.
    const admin = await say("UADMIN", `rerun ${id}`);
    expect(admin.text).toContain("You are not allowed to run `deploy`");
    expect(ran).toHaveLength(1);
    expect((await say("U1", "rerun nosuchid")).text).toBe("No run `nosuchid` in the history.");
    await say("UMALLORY", "deploy api");
    const [refusedId] = await ids("UMALLORY");
    expect((await say("UMALLORY", `rerun ${refusedId}`)).text).toBe(
      `Run \`${refusedId}\` was refused, so there is nothing to run again.`,
    );
  });

  it("asks again for a command that asks for confirmation, and defers a deferred one", async () => {
    const { bot, say, ids } = setup();
    const confirmed = await bot.dispatch(
      { command: [], text: "drop users", user: { id: "U1" }, channel: { id: "COPS" } },
      { confirm: async () => true },
    );
    expect(confirmed?.text).toBe("dropped users");
    const [dropId] = await ids("U1");
    const asked = await say("U2", `rerun ${dropId}`);
    expect(asked.buttons?.map((button) => button.action)).toContain("catops.confirm");
    await say("U1", "build");
    await ended(bot);
    const buildId = (await say("U1", "history --command build")).text!.match(/^`([a-z0-9]+)`/)![1];
    const again = await say("U2", `rerun ${buildId}`);
    expect(again.text).toMatch(/^Running `build`… \(job `[a-z0-9]+`\)$/);
  });

  it("refuses a run whose secret it never stored", async () => {
    const { say, ids, ran } = setup();
    await say("UDEP", "deploy api --token=hunter2");
    const [id] = await ids("UDEP");
    const reply = await say("UDEP", `rerun ${id}`);
    expect(reply).toMatchObject({ error: true });
    expect(reply.text).toContain("held a secret (`--token`) that was never stored");
    expect(ran).toHaveLength(1);
  });
});

describe("history through a connector", () => {
  it("is written after the answer, through the runtime's waitUntil", async () => {
    const connector: Connector = {
      name: "test",
      paths: ["/test/command"],
      async handle(request, kit) {
        const text = await request.text();
        return Response.json(
          (await kit.execute({ command: [], text, user: { id: "U1" }, channel: { id: "C1" } })) ??
            {},
        );
      },
      async deliver() {
        return {};
      },
    };
    const store = createMemoryStore();
    const bot = createCatOps({
      logger: silentLogger,
      history: keepHistory(),
      store,
      connectors: [connector],
    });
    const pending: Promise<unknown>[] = [];
    const response = await bot.fetch(
      new Request("http://bot.test/test/command", { method: "POST", body: "meow" }),
      { waitUntil: (promise) => void pending.push(promise) },
    );
    expect(((await response.json()) as { text: string }).text).toContain("Meow!");
    expect(pending).toHaveLength(1);
    expect(await store.get("history-index:channel:C1")).toBeUndefined();
    await Promise.all(pending);
    expect(await store.get("history-index:channel:C1")).toMatchObject([
      { command: "meow", outcome: "succeeded", user: { id: "U1" } },
    ]);
  });
});

describe("history kept after a reply that comes after its request", () => {
  it("delivers the reply of a run in the background before its history is written", async () => {
    const inner = createMemoryStore();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let started!: () => void;
    const writing = new Promise<void>((resolve) => (started = resolve));
    // The history's writes wait until the test opens the gate: a slow store.
    const slow = async (key: string) => {
      if (!key.startsWith("history")) return;
      started();
      await gate;
    };
    const store: Store = {
      ...inner,
      async set(key, value, options) {
        await slow(key);
        return inner.set(key, value, options);
      },
      async setIfVersion(key, value, version, options) {
        await slow(key);
        return inner.setIfVersion!(key, value, version, options);
      },
    };
    const delivered: string[] = [];
    const connector: Connector = {
      name: "test",
      paths: ["/test/event"],
      async handle(request, kit) {
        const event = {
          command: [],
          text: await request.text(),
          user: { id: "U1" },
          channel: { id: "C1" },
        };
        // Acknowledge now, run and reply afterwards, as the Events API path does.
        kit.runtime.waitUntil?.(
          Promise.resolve(kit.execute(event)).then((reply) => reply && kit.deliver?.(event, reply)),
        );
        return new Response("");
      },
      async deliver(_event, reply) {
        delivered.push(reply.text ?? "");
        return {};
      },
    };
    const bot = createCatOps({
      logger: silentLogger,
      history: keepHistory(),
      store,
      connectors: [connector],
    });
    const pending: Promise<unknown>[] = [];
    await bot.fetch(new Request("http://bot.test/test/event", { method: "POST", body: "meow" }), {
      waitUntil: (promise) => void pending.push(promise),
    });
    await pending[0];
    await writing;
    // The reply went out while the history's write is still waiting on the store.
    expect(delivered).toEqual(["@CatOps Meow!"]);
    expect(await inner.get("history-index:channel:C1")).toBeUndefined();
    open();
    while (pending.length > 0) await Promise.all(pending.splice(0));
    expect(await inner.get("history-index:channel:C1")).toMatchObject([{ command: "meow" }]);
  });
});
