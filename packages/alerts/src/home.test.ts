import { kitFor } from "@catops/core/testing";
import { type CommandEvent, type Connector, createCatOps, silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { createAlerts } from "./create.js";

const TOKEN = "alert-token-123456";
const CHANNEL = "CALERTS";

function setup() {
  const clock = { now: Date.parse("2026-03-25T12:00:00Z") };
  const connector: Connector = {
    name: "fake",
    paths: [],
    handle: async () => new Response(null, { status: 204 }),
    deliver: async () => ({ threadId: "ts-1" }),
  };
  const alerts = createAlerts({
    channel: CHANNEL,
    token: TOKEN,
    now: () => clock.now,
    runbooks: [{ name: "High CPU*", commands: ["restart api"] }],
  });
  const bot = createCatOps({
    connectors: [connector],
    alerts,
    logger: silentLogger,
    now: () => clock.now,
    commands: [{ name: "restart", args: { service: {} }, run: () => "restarted" }],
  });
  const kit = kitFor(bot, connector, {}, "req-home");
  return { bot, kit };
}

const viewer: CommandEvent = { command: [], user: { id: "UA", name: "alice" } };

describe("the Home view's alert sections", () => {
  it("says nothing is set up when there is no rota and nothing firing", async () => {
    const { kit } = setup();
    const view = await kit.home(viewer);
    const titles = view.sections.map((s) => [s.title, s.items.length, s.empty]);
    expect(titles).toEqual([
      ["Commands you can run", expect.any(Number), "No command is open to you."],
      ["On call", 0, "No rota is set."],
      ["Alerts firing", 0, "Nothing is firing."],
      ["Your recent jobs", 0, "You have no recent jobs."],
    ]);
  });

  it("shows who is on call now and next, and each firing alert with its suggested commands", async () => {
    const { bot, kit } = setup();
    await bot.dispatch({
      command: [],
      text: "oncall rota set @alice @bob --every day --from 2026-03-25 --at 09:00",
      user: { id: "UA" },
      channel: { id: CHANNEL },
    });
    const firing = { name: "High CPU api", state: "firing", severity: "error", resource: "api-1" };
    const posted = await bot.fetch(
      new Request(`http://bot.test/alerts/generic?token=${TOKEN}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(firing),
      }),
    );
    expect(posted.status).toBe(200);

    const view = await kit.home(viewer);
    const onCall = view.sections.find((s) => s.title === "On call")!;
    expect(onCall.items.map((i) => i.text)).toEqual([
      "Now: @alice until Thu 26 Mar, 09:00 (UTC)",
      "Next: @bob from Thu 26 Mar, 09:00 (UTC)",
    ]);
    const alerts = view.sections.find((s) => s.title === "Alerts firing")!;
    expect(alerts.items).toEqual([
      {
        text: "High CPU api (error) on api-1, firing for less than a minute",
        buttons: [{ text: "restart api", command: "restart api" }],
      },
    ]);
  });
});
