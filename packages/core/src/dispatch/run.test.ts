// A resolved command's run: its outcome in the same turn when the command answers without a
// promise, a promise of it otherwise, and a throw or rejection turned into a short failure
// either way.
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../store/memory.js";
import { isThenable } from "../thenable.js";
import type { Command, CommandEvent, Logger } from "../types.js";
import { createDispatcher, type RunOptions, type RunOutcome } from "./dispatch.js";

const logged: { level: string; message: string }[] = [];
const logger: Logger = {
  debug: (message) => logged.push({ level: "debug", message }),
  info: (message) => logged.push({ level: "info", message }),
  warn: (message) => logged.push({ level: "warn", message }),
  error: (message) => logged.push({ level: "error", message }),
  child: () => logger,
};

function dispatcherWith(run: Command["run"]) {
  const commands = new Map<string, Command>([["go", { name: "go", run }]]);
  return createDispatcher({
    name: "catops",
    aliases: [],
    commands,
    store: createMemoryStore(),
    logger,
    env: {},
    redact: (text) => text.replaceAll("s3cret", "****"),
  });
}

const event: CommandEvent = { command: ["go"], user: { id: "U1" } };

function runOf(run: Command["run"], runOptions: RunOptions = { requestId: "r1" }) {
  const dispatcher = dispatcherWith(run);
  const resolution = dispatcher.resolve(event);
  if (resolution.kind !== "command") throw new Error(`resolved to ${resolution.kind}`);
  return dispatcher.run(resolution, event, runOptions);
}

describe("dispatcher.run", () => {
  it("gives a command's answer in the same turn when it returns no promise", () => {
    const outcome = runOf(() => "done with s3cret");
    expect(isThenable(outcome)).toBe(false);
    expect(outcome).toEqual({ reply: { text: "done with ****" }, ok: true });
  });

  it("gives a promise of the outcome when the command returns one", async () => {
    const outcome = runOf(async () => "later");
    expect(isThenable(outcome)).toBe(true);
    expect(await outcome).toEqual({ reply: { text: "later" }, ok: true });
  });

  it("turns a synchronous throw into a failure in the same turn, logged", () => {
    logged.length = 0;
    const outcome = runOf(() => {
      throw new Error("disk full: s3cret\nat stack line");
    }) as RunOutcome;
    expect(isThenable(outcome)).toBe(false);
    expect(outcome.ok).toBe(false);
    expect(outcome.reply?.text).toBe("`go` failed: disk full: ****");
    expect(logged).toContainEqual({ level: "error", message: "command failed" });
  });

  it("turns a rejection, and a thenable whose then throws, into a failure", async () => {
    const rejected = await runOf(() => Promise.reject(new Error("no route")));
    expect(rejected).toMatchObject({ ok: false, reply: { text: "`go` failed: no route" } });
    const broken = {
      // biome-ignore lint/suspicious/noThenProperty: a broken thenable is what is tested
      then() {
        throw new Error("bad thenable");
      },
    };
    const outcome = await runOf(() => broken as unknown as Promise<string>);
    expect(outcome).toMatchObject({ ok: false, reply: { text: "`go` failed: bad thenable" } });
  });

  it("fails a command whose answer cannot be made a reply, in the same turn", () => {
    const unreadable = {
      get text(): string {
        throw new Error("text unavailable");
      },
    };
    const outcome = runOf(() => unreadable) as RunOutcome;
    expect(isThenable(outcome)).toBe(false);
    expect(outcome).toMatchObject({ ok: false, reply: { text: "`go` failed: text unavailable" } });
  });
});

describe("dispatcher.run, when the context cannot be made", () => {
  it("rejects rather than throws, so a caller's own error handling sees it", async () => {
    const brokenLog: Logger = {
      ...logger,
      child: () => {
        throw new Error("no child logger");
      },
    };
    const running = runOf(() => "ran", { requestId: "r1", log: brokenLog });
    await expect(running).rejects.toThrow("no child logger");
  });
});

describe("isThenable", () => {
  it("tells a promise or thenable from a value", () => {
    expect(isThenable(Promise.resolve(1))).toBe(true);
    // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a promise
    expect(isThenable({ then: () => {} })).toBe(true);
    // biome-ignore lint/suspicious/noThenProperty: a then that is not a function
    const notCallable = { then: 1 };
    for (const value of [undefined, null, 0, "then", {}, notCallable, []])
      expect(isThenable(value)).toBe(false);
  });
});
