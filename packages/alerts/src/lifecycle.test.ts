import {
  type CommandEvent,
  type Connector,
  createCatOps,
  createLogger,
  plainDialect,
  type Reply,
} from "@catops/core";
import { describe, expect, it } from "vitest";
import { type AlertsOptions, createAlerts } from "./create.js";

const TOKEN = "alert-token-123456";
const CHANNEL = "CALERTS";
const ALICE = { id: "UALICE", name: "alice" };
const MALLORY = { id: "UMALLORY", name: "mallory" };

interface Sent {
  event: CommandEvent;
  reply: Reply;
}

/** A connector that records what it is asked to send and reports message ids, as Slack does. */
function recordingConnector() {
  const sent: Sent[] = [];
  const connector: Connector = {
    name: "fake",
    paths: ["/fake"],
    handle: async () => new Response(null, { status: 204 }),
    deliver: async (event, reply) => {
      sent.push({ event, reply });
      if (reply.replaces) return { messageId: reply.replaces };
      const id = `m-${sent.length}`;
      return { threadId: event.threadId ?? id, messageId: id };
    },
  };
  return { connector, sent };
}

function setup(options: AlertsOptions = {}) {
  const clock = { now: Date.parse("2026-03-25T12:00:00Z") };
  const logs: { level: string; msg: string; [key: string]: unknown }[] = [];
  const logger = createLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line)) });
  const { connector, sent } = recordingConnector();
  const alerts = createAlerts({
    channel: CHANNEL,
    token: TOKEN,
    now: () => clock.now,
    lifecycle: { allow: { users: [ALICE.id, "UOPS"] } },
    escalation: { afterMinutes: 10 },
    ...options,
  });
  const bot = createCatOps({ connectors: [connector], alerts, logger, now: () => clock.now });
  const post = (body: unknown) =>
    bot.fetch(
      new Request(`http://bot.test/alerts/generic?token=${TOKEN}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
  const run = (line: string, user = ALICE) =>
    bot.dispatch({ command: line.split(" "), user, channel: { id: CHANNEL } });
  /** The command a button of the last card posted (not an edit) carries. */
  const button = (text: string) => {
    const card = sent.filter((s) => !s.reply.replaces && s.reply.buttons).at(-1);
    const found = card?.reply.buttons?.find((b) => b.text === text)?.command;
    if (!found) throw new Error(`no ${text} button`);
    return found;
  };
  return { bot, sent, logs, clock, post, run, button };
}

const firing = { name: "High CPU api", state: "firing", severity: "error", resource: "api-1" };
const resolved = { ...firing, state: "resolved" };

describe("alert lifecycle", () => {
  it("acknowledges from the card's button and edits the card in place; a forbidden user is refused", async () => {
    const { post, run, sent, button } = setup();
    await post(firing);
    expect(sent).toHaveLength(1);
    const ack = button("Acknowledge");

    const refused = await run(ack, MALLORY);
    expect(refused).toMatchObject({ error: true });
    expect(refused?.text).toContain("not allowed");
    expect(sent).toHaveLength(1);

    expect((await run(ack))?.text).toBe("Acknowledged *High CPU api*.");
    expect(sent).toHaveLength(2);
    const edit = sent[1]!;
    expect(edit.event.channel).toEqual({ id: CHANNEL });
    expect(edit.reply.replaces).toBe("m-1");
    expect(edit.reply.text).toContain("is firing on api-1 · acknowledged by @alice");
    expect(edit.reply.buttons?.map((b) => b.text)).toEqual(["Snooze 1h", "Snooze 4h", "Resolve"]);
    expect((await run(ack))?.text).toBe("Already acknowledged by @alice.");
    expect(sent).toHaveLength(2);
  });

  it("edits the card to resolved, with how long it lasted, when the source says so", async () => {
    const { post, sent, clock, bot } = setup();
    await post(firing);
    clock.now += 7 * 60_000;
    const answer = await post(resolved);
    expect(await answer.json()).toMatchObject({ posted: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[1]!.reply.replaces).toBe("m-1");
    expect(sent[1]!.reply.text).toBe("✅ *High CPU api* resolved after 7 min on api-1");
    expect(sent[1]!.reply.buttons).toBeUndefined();
    // The channel's help no longer leads with it.
    expect((await bot.dispatch({ command: ["help"], channel: { id: CHANNEL } }))?.text).not.toMatch(
      /High CPU/,
    );
  });

  it("resolves from chat: the card says who, and the source's later resolution changes nothing", async () => {
    const { post, run, sent, clock, button } = setup();
    await post(firing);
    clock.now += 5 * 60_000;
    expect((await run(button("Resolve")))?.text).toBe("Resolved *High CPU api*.");
    expect(sent[1]!.reply).toMatchObject({ replaces: "m-1" });
    expect(sent[1]!.reply.text).toBe(
      "✅ *High CPU api* resolved after 5 min on api-1 · resolved by @alice",
    );
    await post(resolved);
    expect(sent).toHaveLength(2);
    expect((await run(button("Resolve")))?.text).toContain("already resolved");
  });

  it("snoozes: re-fires stay in the thread and it does not escalate until the snooze ends", async () => {
    const { post, run, sent, clock, button, bot } = setup();
    await bot.dispatch({
      command: "oncall rota set @ann @bob --every week --from today".split(" "),
      channel: { id: CHANNEL },
    });
    await post(firing);
    expect((await run(button("Snooze 1h")))?.text).toMatch(/Snoozed \*High CPU api\* for 1h/);
    expect(sent.at(-1)!.reply.text).toContain("snoozed until 2026-03-25 13:00 UTC");
    clock.now += 20 * 60_000;
    await post(resolved);
    clock.now += 60_000;
    await post(firing);
    const refire = sent.at(-1)!;
    expect(refire.event.threadId).toBe("m-1");
    expect(refire.reply.text).toContain("is firing again");
    expect((await run("alert escalate"))?.text).toBe("Nothing to escalate.");
    clock.now += 60 * 60_000; // past the snooze and ten minutes more
    expect((await run("alert escalate"))?.text).toBe("Escalated: High CPU api → @bob.");
  });

  it("refuses a snooze without a duration it can read", async () => {
    const { post, run, button } = setup();
    await post(firing);
    const id = button("Resolve").split(" ")[2];
    expect(await run(`alert snooze ${id} forever`)).toMatchObject({
      error: true,
      text: "Say how long, up to a week: `30m`, `2h`, `1d`.",
    });
    expect(await run("alert ack nothing")).toMatchObject({ error: true });
  });

  it("asks to confirm an action when configured", async () => {
    const { post, run, button } = setup({ lifecycle: { confirm: "Really?" } });
    await post(firing);
    const reply = await run(button("Acknowledge"));
    expect(reply?.buttons?.map((b) => b.action)).toContain("catops.confirm");
  });

  it("has no buttons and no alert command when turned off", async () => {
    const { post, sent, bot } = setup({ lifecycle: false });
    await post(firing);
    expect(sent[0]!.reply.buttons).toBeUndefined();
    expect(bot.commands.has("alert")).toBe(false);
  });
});

describe("escalation", () => {
  it("pages the next on the rota after the timeout, then the one after, each step once", async () => {
    const { post, run, sent, clock, bot } = setup();
    await bot.dispatch({
      command: "oncall rota set @ann @bob @cid @dee --every week --from today".split(" "),
      channel: { id: CHANNEL },
    });
    await post(firing);
    expect(sent[0]!.reply.text).toContain("@ann");
    clock.now += 9 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Nothing to escalate.");
    clock.now += 2 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Escalated: High CPU api → @bob.");
    const page = sent.at(-2)!;
    expect(page.event).toEqual({ command: [], source: "alert", channel: { id: CHANNEL } });
    expect(page.reply.text).toBe(
      "@bob ⏫ *High CPU api* has not been acknowledged for 11 min: you are paged.",
    );
    expect(sent.at(-1)!.reply).toMatchObject({ replaces: "m-1" });
    expect(sent.at(-1)!.reply.text).toContain("escalated to @bob");
    // Run again, or twice at once (two replicas): the step is taken once.
    const before = sent.length;
    await Promise.all([run("alert escalate"), run("alert escalate")]);
    expect(sent).toHaveLength(before);
    clock.now += 10 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Escalated: High CPU api → @cid.");
    clock.now += 60 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Nothing to escalate."); // two steps by default
    expect((await run("oncall"))?.text).toContain("High CPU api: @cid (paged)");
  });

  it("also pages by direct message where the chat has them", async () => {
    const { post, sent, clock, bot } = setup();
    const slackLike = {
      ...plainDialect,
      mention: (user: { id: string }) => `<@${user.id}>`,
      channel: (channel: { id: string }) => `<#${channel.id}>`,
      parseMention: (token: string) => /^<@([A-Z0-9]+)>$/.exec(token)?.[1],
      directMessage: (userId: string) => userId,
    };
    const run = (line: string) =>
      bot.dispatch(
        { command: line.split(" "), user: ALICE, channel: { id: CHANNEL } },
        { dialect: slackLike },
      );
    await run("oncall rota set <@UANN> <@UBOB>");
    await post(firing);
    clock.now += 11 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Escalated: High CPU api → <@UBOB>.");
    const dm = sent.find((s) => s.event.channel?.id === "UBOB");
    expect(dm?.reply.text).toBe(
      `⏫ You are paged for *High CPU api* in <#${CHANNEL}>: nobody has acknowledged it.`,
    );
  });

  it("does not escalate an acknowledged alert", async () => {
    const { post, run, clock, bot, button } = setup();
    await bot.dispatch({
      command: "oncall rota set @ann @bob".split(" "),
      channel: { id: CHANNEL },
    });
    await post(firing);
    await run(button("Acknowledge"));
    clock.now += 30 * 60_000;
    expect((await run("alert escalate"))?.text).toBe("Nothing to escalate.");
    expect((await run("oncall"))?.text).toContain("High CPU api: @alice (acknowledged)");
  });

  it("says so when escalation is not configured", async () => {
    const { run } = setup({ escalation: undefined });
    expect((await run("alert escalate"))?.text).toBe("Escalation is not configured.");
  });
});

describe("on-call handoff announcement", () => {
  it("posts who is on call and who is next only when the holder changed", async () => {
    const { run, sent, clock, bot } = setup();
    await bot.dispatch({
      command: "oncall rota set @dana @eli --every day --from today --at 09:00".split(" "),
      channel: { id: CHANNEL },
    });
    expect((await run("oncall handoff"))?.text).toMatch(/^Announced: @dana is on call/);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.event.channel).toEqual({ id: CHANNEL });
    expect(sent[0]!.reply.text).toBe("@dana is on call until Thu 26 Mar, 09:00 (UTC). Next: @eli.");
    clock.now += 3_600_000;
    expect((await run("oncall handoff"))?.text).toBe("No change since the last announcement.");
    clock.now = Date.parse("2026-03-26T09:00:00Z");
    await Promise.all([run("oncall handoff"), run("oncall handoff")]);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.reply.text).toBe("@eli is on call until Fri 27 Mar, 09:00 (UTC). Next: @dana.");
  });
});
