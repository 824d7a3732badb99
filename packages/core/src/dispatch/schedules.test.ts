import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import type { CatOpsOptions } from "../bot-options.js";
import { command } from "./command.js";
import type { Connector } from "../connector.js";
import { silentLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import type { CommandEvent, Reply } from "../types.js";

/** A connector whose deliveries are recorded: where a schedule's reply went. */
function recordingConnector(name = "chat") {
  const posted: { event: CommandEvent; reply: Reply }[] = [];
  const connector: Connector = {
    name,
    paths: [],
    handle: async () => {
      throw new Error("not used");
    },
    deliver: async (event, reply) => {
      posted.push({ event, reply });
      return {};
    },
  };
  return { connector, posted };
}

const runs: string[] = [];
const plugins = [
  {
    file: "rota.ts",
    exports: {
      handoff: command({
        description: "Hand the rota over",
        args: { who: {} },
        allow: { users: ["catops:scheduler", "UADMIN"] },
        run: ({ args, user, channel }) => {
          runs.push(`${args.who ?? ""} by ${user?.id} in ${channel?.id}`);
          return `Handed over to ${args.who ?? "nobody"}`;
        },
      }),
      secret: command({ allow: { users: ["UADMIN"] }, run: () => "classified" }),
      schedules: [
        {
          name: "handoff",
          schedule: "0 9 * * MON-FRI",
          run: "handoff <@alice>",
          channel: "CONCALL",
        },
      ],
    },
  },
];

function bot(options: CatOpsOptions = {}) {
  const chat = recordingConnector();
  const created = createCatOps({
    plugins,
    connectors: [chat.connector],
    logger: silentLogger,
    ...options,
  });
  return { bot: created, posted: chat.posted };
}

const nine = Date.parse("2026-12-04T09:00:00Z");

describe("schedules", () => {
  it("runs the command line as the scheduler and posts the reply to the channel", async () => {
    runs.length = 0;
    const { bot: b, posted } = bot();
    const run = await b.runSchedule("handoff", { now: nine });
    expect(run).toMatchObject({ schedule: "handoff", slot: "2026-12-04T09:00", ran: true });
    expect(runs).toEqual(["<@alice> by catops:scheduler in CONCALL"]);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.event).toMatchObject({ channel: { id: "CONCALL" }, source: "schedule" });
    expect(posted[0]!.reply.text).toBe("Handed over to <@alice>");
  });

  it("runs a firing once, however often it is delivered", async () => {
    runs.length = 0;
    const store = createMemoryStore();
    const first = bot({ store });
    const second = bot({ store }); // another replica sharing the store
    const results = await Promise.all([
      first.bot.runSchedule("handoff", { now: nine }),
      second.bot.runSchedule("handoff", { now: nine + 20_000 }),
      first.bot.runSchedule("handoff", { now: nine + 3_600_000 }), // a late redelivery
    ]);
    expect(results.map((r) => r.ran).sort()).toEqual([false, false, true]);
    expect(runs).toHaveLength(1);
    expect(first.posted.length + second.posted.length).toBe(1);
    // Saturday belongs to Friday's firing; Monday's is the next one.
    expect((await first.bot.runSchedule("handoff", { now: nine + 86_400_000 })).ran).toBe(false);
    expect((await first.bot.runSchedule("handoff", { now: nine + 3 * 86_400_000 })).ran).toBe(true);
  });

  it("goes through the access rules: the scheduler is a user they can leave out", async () => {
    const { bot: b, posted } = bot({
      schedules: [{ name: "leak", schedule: "* * * * *", run: "secret", channel: "CX" }],
    });
    const run = await b.runSchedule("leak", { now: nine });
    expect(run.ran).toBe(true);
    expect(posted[0]!.reply.text).not.toContain("classified");
    expect(posted[0]!.reply.error).toBe(true);
  });

  it("posts nothing for an answer only its asker would see, and posts a failure", async () => {
    const { bot: b, posted } = bot({
      plugins: [
        ...plugins,
        {
          file: "checks.ts",
          exports: {
            quiet: () => ({ text: "Nothing to escalate.", visibility: "ephemeral" }),
            broken: () => {
              throw new Error("the probe is down");
            },
          },
        },
      ],
      schedules: [
        { name: "quiet", schedule: "* * * * *", run: "quiet", channel: "CX" },
        { name: "broken", schedule: "* * * * *", run: "broken", channel: "CX" },
      ],
    });
    expect(await b.runSchedule("quiet", { now: nine })).toMatchObject({ ran: true });
    expect(posted).toHaveLength(0);
    await b.runSchedule("broken", { now: nine });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.reply.error).toBe(true);
  });

  it("audits the run under the scheduler's name", async () => {
    const audited: { outcome: string; user?: string }[] = [];
    const { bot: b } = bot({
      onAudit: (record) => {
        audited.push({ outcome: record.outcome, user: record.user?.id });
      },
    });
    await b.runSchedule("handoff", { now: nine });
    expect(audited).toContainEqual({ outcome: "succeeded", user: "catops:scheduler" });
  });

  it("reads a `$SETTING` channel from the env, and does not run without it", async () => {
    const schedules = [
      { name: "daily", schedule: "0 6 * * *", run: "handoff", channel: "$CATOPS_OPS_CHANNEL" },
    ];
    const unset = bot({ schedules });
    const missing = await unset.bot.runSchedule("daily", { now: nine });
    expect(missing).toMatchObject({
      ran: false,
      error: expect.stringContaining("CATOPS_OPS_CHANNEL"),
    });
    const set = bot({ schedules, env: { CATOPS_OPS_CHANNEL: "COPS" } });
    expect((await set.bot.runSchedule("daily", { now: nine })).ran).toBe(true);
    expect(set.posted[0]!.event.channel).toEqual({ id: "COPS" });
  });

  it("posts through the connector a schedule names", async () => {
    const other = recordingConnector("teams");
    const chat = recordingConnector();
    const b = createCatOps({
      plugins,
      logger: silentLogger,
      connectors: [chat.connector, other.connector],
      schedules: [
        { name: "t", schedule: "* * * * *", run: "handoff", channel: "T1", connector: "teams" },
      ],
    });
    await b.runSchedule("t", { now: nine });
    expect(other.posted).toHaveLength(1);
    expect(chat.posted).toHaveLength(0);
  });

  it("lists what is due in a minute and what a cron expression fires", () => {
    const { bot: b } = bot({
      schedules: [{ name: "minutely", schedule: "* * * * *", run: "handoff", channel: "C" }],
    });
    expect(b.schedulesDueAt(nine)).toEqual(["handoff", "minutely"]);
    expect(b.schedulesDueAt(nine + 60_000)).toEqual(["minutely"]);
    expect(b.schedulesWithCron(" 0  9 * * MON-FRI")).toEqual(["handoff"]);
  });

  it("refuses an unknown schedule name when fired", async () => {
    await expect(bot().bot.runSchedule("nope")).rejects.toThrow(
      'there is no schedule named "nope"',
    );
  });

  it.each([
    [
      { run: "handof" },
      /schedule "s": it runs "handof", which is not a command \(did you mean handoff\?\)/,
    ],
    [{ schedule: "0 9 * * NOPE" }, /schedule "s": the day of week field/],
    [{ schedule: "rate(5 minutes)" }, /schedule "s": .*five-field/],
    [{ channel: "" }, /schedule "s": it needs a channel/],
    [{ connector: "slack" }, /schedule "s": it names the connector "slack"/],
    [{ run: "" }, /schedule "s": it needs a command line/],
    [{ name: "Bad Name" }, /schedule "Bad Name": its name must be/],
  ])("refuses a bad schedule when the bot is created: %o", (change, message) => {
    const schedule = { name: "s", schedule: "* * * * *", run: "handoff", channel: "C", ...change };
    expect(() => bot({ schedules: [schedule] })).toThrow(message);
  });

  it("refuses two schedules of one name", () => {
    const schedule = { name: "handoff", schedule: "* * * * *", run: "handoff", channel: "C" };
    expect(() => bot({ schedules: [schedule] })).toThrow(/schedule "handoff": two schedules/);
  });

  it("lets the bot's name lead the command line", () => {
    const schedule = { name: "s", schedule: "* * * * *", run: "catops handoff", channel: "C" };
    expect(bot({ schedules: [schedule] }).bot.schedules.has("s")).toBe(true);
  });
});
