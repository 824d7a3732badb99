// Scheduled invocations: the constant input an EventBridge rule or Scheduler schedule sends.
import { afterEach, describe, expect, it, vi } from "vitest";
import { catopsLambda } from "./handler.js";
import { createTestBot } from "./test-bot.js";
import { createLambdaContext } from "./testing.js";

const schedules = [{ name: "greet", schedule: "* * * * *", run: "hi", channel: "C1" }];

describe("scheduled invocations", () => {
  afterEach(() => vi.useRealTimers());

  it("runs a rule's input without a time once for the minute it arrived in", async () => {
    // The clock stands within one minute, so both deliveries arrive in it.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-12-04T09:00:10Z") });
    const handler = catopsLambda(createTestBot({ schedules }));
    const input = { kind: "catops.schedule", schedule: "greet" };
    const first = await handler(input, createLambdaContext());
    const again = await handler(input, createLambdaContext());
    expect(first).toMatchObject({ schedule: "greet", ran: true });
    // The test connector posts only to a response URL: the reply's failure is reported.
    expect(first).toMatchObject({ ok: false, error: "no response URL" });
    expect(again).toMatchObject({ ok: true, schedule: "greet", ran: false });
  });

  it("answers an unknown schedule without throwing, so Lambda does not retry it", async () => {
    const handler = catopsLambda(createTestBot({ schedules }));
    const result = await handler(
      { kind: "catops.schedule", schedule: "gone", time: "2026-12-04T09:00:00Z" },
      createLambdaContext(),
    );
    expect(result).toEqual({
      ok: false,
      schedule: "gone",
      ran: false,
      error: 'there is no schedule named "gone"',
    });
  });
});
