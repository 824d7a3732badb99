import { plainDialect } from "@catops/core";
import { createTestBot } from "@catops/core/testing";
import { describe, expect, it } from "vitest";
import { oncallCommands } from "./commands.js";

function bot(start: string) {
  const clock = { now: Date.parse(start) };
  const test = createTestBot([], { commands: oncallCommands({ now: () => clock.now }) });
  return { ...test, clock };
}

describe("oncall command", () => {
  it("sets a rota from chat and shows who is on call now and next, in the rota's zone", async () => {
    const { text, run } = bot("2026-03-25T12:00:00Z"); // Wednesday
    expect(await text("oncall")).toMatch(/No on-call rota here yet/);
    const set = await run(
      "oncall rota set <@UA|alice> <@UB> @carol --every week --from monday --tz Europe/Berlin --at 09:00",
    );
    expect(set?.visibility).toBe("in_channel");
    expect(set?.text).toContain(
      "Rota set: <@UA> → <@UB> → @carol, every week, handover 09:00 Europe/Berlin (from 2026-03-23)",
    );
    expect(set?.text).toContain("On call now: <@UA> until Mon 30 Mar, 09:00 (Europe/Berlin).");
    expect(set?.text).toContain("Next: <@UB> from Mon 30 Mar, 09:00.");
    expect(await text("oncall rota")).toMatch(
      /Next shifts:\n• Mon 23 Mar, 09:00: <@UA>\n• Mon 30 Mar, 09:00: <@UB>\n• Mon 6 Apr, 09:00: @carol/,
    );
  });

  it("keeps one rota per channel", async () => {
    const { run, text } = bot("2026-03-25T12:00:00Z");
    await run("oncall rota set <@UA> <@UB> --every day --from today");
    expect(await text("oncall", { channel: { id: "COTHER" } })).toMatch(/No on-call rota/);
    expect(await text("oncall")).toMatch(/On call now: <@UA>/);
  });

  it("swaps the current shift", async () => {
    const { run, text } = bot("2026-03-25T12:00:00Z");
    await run("oncall rota set <@UA> <@UB> <@UC> --every week --from monday --tz Europe/Berlin");
    expect(await text("oncall swap <@UC>")).toMatch(
      /On call now: <@UC> \(swapped\) until Mon 30 Mar, 09:00[\s\S]*Next: <@UB> from Mon 30 Mar/,
    );
  });

  it("overrides until a weekday, a date, or for a duration", async () => {
    const { run, text, clock } = bot("2026-03-25T12:00:00Z");
    await run("oncall rota set <@UA> <@UB> --every week --from monday --tz Europe/Berlin");
    expect(await text("oncall override <@UZ> until friday")).toMatch(
      /On call now: <@UZ> \(override\) until Fri 27 Mar, 09:00[\s\S]*Next: <@UA> from Fri 27 Mar, 09:00/,
    );
    clock.now = Date.parse("2026-03-27T08:00:00Z");
    expect(await text("oncall")).toMatch(/On call now: <@UA> until Mon 30 Mar/);
    expect(await text("oncall override <@UY> for 4h")).toMatch(
      /<@UY> \(override\) until Fri 27 Mar, 13:00/,
    );
    expect(await text("oncall override <@UX> until 2026-12-01")).toMatch(
      /<@UX> \(override\) until Tue 1 Dec, 09:00/,
    );
  });

  it("explains bad input instead of failing", async () => {
    const { run, text } = bot("2026-03-25T12:00:00Z");
    const noRota = await run("oncall swap <@UB>");
    expect(noRota).toMatchObject({ error: true, visibility: "ephemeral" });
    expect(noRota?.text).toMatch(/No on-call rota here yet/);
    expect(await text("oncall rota set <@UA> --tz Mars/Olympus")).toMatch(
      /Unknown time zone `Mars\/Olympus`/,
    );
    expect(await text("oncall rota set <@UA> --every month")).toMatch(/`--every` takes/);
    expect(await text("oncall rota set <@UA> --at 9am")).toMatch(/`--at` takes/);
    expect(await text("oncall rota set alice")).toMatch(/`alice` is not a person/);
    await run("oncall rota set <@UA> <@UB>");
    expect(await text("oncall override <@UZ> until someday")).toMatch(/Say how long/);
    expect(await text("oncall override <@UZ> until 2020-01-01")).toMatch(/already passed/);
    expect(await text("oncall swap <@UA>")).toMatch(/already on this shift/);
    expect(await text("oncall dance")).toMatch(/Unknown `oncall dance`/);
    expect(await text("oncall rota clear")).toBe("Rota cleared.");
    expect(await text("oncall")).toMatch(/No on-call rota/);
  });

  it("keeps members as the chat writes mentions, and refuses an id with markup in it", async () => {
    const { bot: catops } = bot("2026-03-25T12:00:00Z");
    // Google Chat's markup: `<users/123>`, read and written by the chat's dialect.
    const googleLike = {
      ...plainDialect,
      mention: (user: { id: string }) => `<${user.id}>`,
      parseMention: (token: string) => /^<(users\/[^>]+)>$/.exec(token)?.[1],
    };
    const run = (line: string) =>
      catops.dispatch(
        { command: [], text: line, channel: { id: "CTEST" } },
        { dialect: googleLike },
      );
    expect((await run("oncall rota set <users/104961> @carol --from today"))?.text).toContain(
      "Rota set: <users/104961> → @carol",
    );
    expect((await run("oncall rota set <users/1<b>"))?.text).toMatch(/is not a person/);
  });

  it("defaults to UTC, a week, today and 09:00", async () => {
    const { text } = bot("2026-03-25T12:00:00Z");
    expect(await text("oncall rota set <@UA> <@UB>")).toMatch(
      /every week, handover 09:00 UTC \(from 2026-03-25\)[\s\S]*On call now: <@UA> until Wed 1 Apr, 09:00 \(UTC\)/,
    );
  });
});
