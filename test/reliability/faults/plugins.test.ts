// Plugins that misbehave: throw, reject with anything, hang past their deadline, ignore
// cancellation, or return what cannot be rendered. The user always gets a message, no stack
// reaches chat, and a job always ends in the state that says what happened.
import type { Command } from "@catops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultBot, jobIdOf, startFaultBot } from "../support/harness.ts";
import { signedRequest, slashBody } from "../support/slack.ts";

const never = () => new Promise<never>(() => {});
const circular = () => {
  const value: Record<string, unknown> = { name: "loop" };
  value.self = value;
  return value;
};
const hostileError = () => {
  const error = new Error("unused");
  Object.defineProperty(error, "message", {
    get() {
      throw new Error("no message for you");
    },
  });
  return error;
};
const trap = () => {
  throw new Error("trapped");
};

const QUICK: Record<string, Command["run"]> = {
  throws: () => {
    throw new Error("the pump would not start\n    at pump (plugins/ops.ts:3:9)");
  },
  rejects: async () => Promise.reject(new TypeError("cannot read the config")),
  "rejects-string": async () => Promise.reject("a plain string"),
  "rejects-undefined": async () => Promise.reject(undefined),
  "rejects-null-proto": async () => Promise.reject(Object.create(null)),
  "rejects-hostile": async () => Promise.reject(hostileError()),
  circular: () => circular(),
  bigint: () => ({ total: 12345678901234567890n }),
  "bare-bigint": () => 10n ** 30n,
  symbol: () => Symbol("meow"),
  fn: () => function named() {},
  huge: () => "x".repeat(10 * 1024 * 1024),
  "huge-array": () => Array.from({ length: 200_000 }, (_, i) => i),
  "throwing-getter": () => ({
    get text(): string {
      throw new Error("getter exploded");
    },
  }),
  "throwing-tojson": () => ({
    toJSON() {
      throw new Error("toJSON exploded");
    },
  }),
  proxy: () =>
    new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap }),
  "circular-blocks": () => ({ text: "hi", blocks: [circular()] }),
  "null-proto": () => Object.assign(Object.create(null), { a: 1 }),
};

/** What the user must see for each quick command (the reply text, Slack-rendered). */
const EXPECTED: Record<string, RegExp> = {
  throws: /^:warning: `throws` failed: the pump would not start$/,
  rejects: /^:warning: `rejects` failed: cannot read the config$/,
  "rejects-string": /^:warning: `rejects-string` failed: a plain string$/,
  "rejects-undefined": /^:warning: `rejects-undefined` failed: unexpected error$/,
  "rejects-null-proto": /^:warning: `rejects-null-proto` failed: unexpected error$/,
  "rejects-hostile": /^:warning: `rejects-hostile` failed: unexpected error$/,
  circular: /"self": "\[circular\]"/,
  bigint: /"total": "12345678901234567890"/,
  "bare-bigint": /^1000000000000000000000000000000$/,
  symbol: /Symbol\(meow\)/,
  fn: /\[function named\]/,
  huge: /^x{1000}/,
  "huge-array": /… \(truncated\)/,
  "throwing-getter": /^:warning: `throwing-getter` failed: getter exploded$/,
  "throwing-tojson": /\[object Object\]/,
  proxy: /^:warning: `proxy` failed: trapped$/,
  "circular-blocks": /^:warning: `circular-blocks` failed: /,
  "null-proto": /"a": 1/,
};

let fault: FaultBot;

const quickCommands: Command[] = Object.entries(QUICK).map(([name, run]) => ({ name, run }));
const jobCommands: Command[] = [
  { name: "job-throws", defer: true, run: () => Promise.reject(new Error("disk full")) },
  { name: "job-rejects-string", defer: true, run: () => Promise.reject("nope") },
  { name: "job-hangs", defer: true, timeoutMs: 1000, run: never },
  {
    name: "job-deaf",
    defer: true,
    description: "ignores cancellation",
    run: () => new Promise((resolve) => setTimeout(() => resolve("finished anyway"), 1500)),
  },
  { name: "job-bigint", defer: true, run: () => ({ bytes: 2n ** 70n, self: circular() }) },
  { name: "job-huge", defer: true, run: () => "y".repeat(5 * 1024 * 1024) },
  { name: "quick-hangs", timeoutMs: 1000, run: never },
];

beforeAll(async () => {
  fault = await startFaultBot({
    commands: [...quickCommands, ...jobCommands],
    cancelGraceMs: 200,
    cancelPollMs: 50,
  });
});
afterAll(async () => {
  await fault.drain();
  await fault.close();
});

async function slash(text: string, path = `/respond/${text.split(" ")[0]}`) {
  const response = await fault.send(
    signedRequest(slashBody({ text, response_url: `${fault.recorder.url}${path}` })),
  );
  expect(response.status).toBe(200);
  return {
    body: (await response.json()) as { text: string },
    bytes: response.headers.get("content-length"),
    path,
  };
}

describe("quick commands that misbehave", () => {
  for (const name of Object.keys(QUICK)) {
    it(`${name}: the user gets a message, never a stack`, async () => {
      const { body } = await slash(name);
      expect(body.text).toMatch(EXPECTED[name]!);
      expect(body.text).not.toMatch(/\n\s+at |plugins\/ops\.ts/);
      // Slack's own limit on a message's text.
      expect(body.text.length).toBeLessThanOrEqual(40_000);
    });
  }

  it("the failures are logged with their detail for the operator", () => {
    const failed = fault.logged("command failed").map((line) => line.command);
    expect(failed).toEqual(
      expect.arrayContaining(["throws", "rejects", "rejects-string", "proxy", "throwing-getter"]),
    );
    const pump = fault.logged("command failed").find((line) => line.command === "throws");
    expect(JSON.stringify(pump)).toContain("plugins/ops.ts:3:9");
  });

  it("a command that never settles answers late that it timed out", async () => {
    const { body, path } = await slash("quick-hangs");
    expect(body.text).toContain("Still working on `quick-hangs`");
    await fault.drain();
    const told = await fault.recorder.waitFor((r) => r.path === path, 3000);
    expect(told.json).toMatchObject({ text: ":warning: `quick-hangs` timed out after 1 s." });
  });
});

describe("deferred jobs that misbehave", () => {
  async function job(name: string) {
    const { body, path } = await slash(name);
    const id = jobIdOf(body.text);
    await fault.drain();
    const told = await fault.recorder.waitFor((r) => r.path === path, 3000);
    return { record: await fault.job(id), told: told.json as { text: string }, id };
  }

  it("a job that throws ends failed, and says why", async () => {
    const { record, told } = await job("job-throws");
    expect(record).toMatchObject({ state: "failed", result: expect.stringContaining("disk full") });
    expect(told.text).toBe(":warning: `job-throws` failed: disk full");
  });

  it("a job that rejects with a string ends failed", async () => {
    const { record, told } = await job("job-rejects-string");
    expect(record.state).toBe("failed");
    expect(told.text).toBe(":warning: `job-rejects-string` failed: nope");
  });

  it("a job that hangs past its timeout ends timed_out, and says so", async () => {
    const { record, told } = await job("job-hangs");
    expect(record).toMatchObject({ state: "timed_out", result: "timed out after 1 s" });
    expect(told.text).toMatch(/`job-hangs` timed out after 1 s/);
  });

  it("a job that ignores cancellation is abandoned, and its record says so", async () => {
    const { body, path } = await slash("job-deaf");
    const id = jobIdOf(body.text);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const cancel = await slash(`cancel ${id}`, "/respond/cancel-deaf");
    expect(cancel.body.text).toContain(`Cancelling job \`${id}\``);
    await fault.drain();
    const told = await fault.recorder.waitFor((r) => r.path === path, 3000);
    expect(told.json.text).toContain("ignored the signal and was abandoned");
    expect(await fault.job(id)).toMatchObject({
      state: "cancelled",
      result: "cancelled; the command ignored the signal and was abandoned",
    });
    // When it finally finishes, nothing changes the record or posts "finished anyway".
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await fault.job(id)).state).toBe("cancelled");
    expect(JSON.stringify(fault.recorder.requests)).not.toContain("finished anyway");
  });

  it("a job returning BigInts and cycles ends succeeded, shown as JSON", async () => {
    const { record, told } = await job("job-bigint");
    expect(record.state).toBe("succeeded");
    expect(told.text).toContain('"bytes": "1180591620717411303424"');
    expect(told.text).toContain('"self": "[circular]"');
  });

  it("a job returning 5 MB ends succeeded; the message and the record are bounded", async () => {
    const { record, told } = await job("job-huge");
    expect(record.state).toBe("succeeded");
    expect(record.result!.length).toBeLessThanOrEqual(300);
    expect(told.text.length).toBeLessThanOrEqual(40_000);
  });
});
