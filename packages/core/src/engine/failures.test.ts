// Regression tests for failures the reliability suites found: replies that could not be
// delivered, commands that never settle, a store or an audit sink that throws, loggers fed
// hostile values, and secrets a user typed echoed back.
import { jobsOf } from "../testing.js";
import { describe, expect, it } from "vitest";
import { createCatOps } from "../bot.js";
import type { Connector, Delivery } from "../connector.js";
import { failureReply } from "../dispatch/safe-reply.js";
import { readBody } from "../http/http.js";
import { createLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.js";
import type { Command, CommandEvent, JobEnvelope, Reply, Runtime, Store } from "../types.js";

type Deliver = (reply: Reply) => Promise<Delivery | undefined>;

function testConnector(deliver: Deliver) {
  const delivered: Reply[] = [];
  const connector: Connector = {
    name: "test",
    paths: ["/test"],
    async handle(request, kit) {
      const reply = await kit.execute({
        command: [],
        text: await request.text(),
        user: { id: "U1" },
      });
      return Response.json(reply ?? null);
    },
    deliver: async (_event: CommandEvent, reply: Reply) => {
      delivered.push(reply);
      return (await deliver(reply)) ?? {};
    },
  };
  return { connector, delivered };
}

function harness(commands: Command[], deliver: Deliver, store?: Store) {
  const lines: { msg: string; [key: string]: unknown }[] = [];
  const { connector, delivered } = testConnector(deliver);
  const bot = createCatOps({
    commands,
    connectors: [connector],
    store,
    deadlineMs: 50,
    logger: createLogger({ level: "debug", write: (line) => void lines.push(JSON.parse(line)) }),
    env: { SLACK_BOT_TOKEN: "xoxb-typed-secret-000" },
  });
  const pending: Promise<unknown>[] = [];
  const runtime: Runtime = { waitUntil: (promise) => void pending.push(promise) };
  const send = async (text: string, extra: Runtime = {}) =>
    (await (
      await bot.fetch(new Request("http://x/test", { method: "POST", body: text }), {
        ...runtime,
        ...extra,
      })
    ).json()) as Reply;
  const drain = async () => {
    while (pending.length > 0) await Promise.allSettled(pending.splice(0));
  };
  return { bot, send, drain, lines, delivered };
}

describe("a job whose reply cannot be delivered", () => {
  it("keeps its state and notes the failure on its record", async () => {
    const { bot, send, drain, lines } = harness(
      [{ name: "later", defer: true, run: () => "done" }],
      async () => ({ error: "HTTP 500" }),
    );
    const queued: JobEnvelope[] = [];
    await send("later", { defer: async (job) => void queued.push(job) });
    await bot.runJob(queued[0]!);
    await drain();
    expect(await jobsOf(bot).get(queued[0]!.id)).toMatchObject({
      state: "succeeded",
      result: "done (reply not delivered: HTTP 500)",
      deliveryError: "HTTP 500",
    });
    expect(lines.some((line) => line.msg === "job reply not delivered")).toBe(true);
    const audited = lines.find(
      (line) => line.msg === "audit" && (line.audit as any).outcome === "undelivered",
    );
    expect(audited?.audit).toMatchObject({
      command: "later",
      jobId: queued[0]!.id,
      detail: "reply not delivered: HTTP 500",
    });
  });

  it("treats a connector that throws the same way", async () => {
    const { bot, send } = harness([{ name: "later", defer: true, run: () => "done" }], async () => {
      throw new Error("socket hang up");
    });
    const queued: JobEnvelope[] = [];
    await send("later", { defer: async (job) => void queued.push(job) });
    await bot.runJob(queued[0]!);
    expect((await jobsOf(bot).get(queued[0]!.id))?.deliveryError).toBe("socket hang up");
  });
});

describe("a command that is not deferred and never settles", () => {
  it("is acknowledged, then told it timed out after its timeoutMs", async () => {
    const { send, drain, delivered } = harness(
      [{ name: "stuck", timeoutMs: 120, run: () => new Promise(() => {}) }],
      async () => undefined,
    );
    expect((await send("stuck")).text).toContain("Still working on `stuck`");
    await drain();
    expect(delivered).toEqual([{ text: "`stuck` timed out after 0 s.", error: true }]);
  });
});

describe("a store that throws", () => {
  it("answers a clear message for a command that needs it, and logs the cause", async () => {
    const broken: Store = {
      ...createMemoryStore(),
      set: async () => {
        throw new Error("connection refused");
      },
    };
    const { send, lines } = harness(
      [{ name: "later", defer: true, run: () => "done" }],
      async () => undefined,
      broken,
    );
    const reply = await send("later");
    expect(reply).toMatchObject({ error: true, visibility: "ephemeral" });
    expect(reply.text).toMatch(
      /^CatOps could not handle that command: .* It did not run; try again/,
    );
    expect(lines.find((line) => line.msg === "command could not be handled")).toBeDefined();
  });
});

describe("an audit sink that throws", () => {
  it("does not fail the command it records", async () => {
    const bot = createCatOps({
      commands: [{ name: "hi", run: () => "hello" }],
      connectors: [testConnector(async () => undefined).connector],
      logger: createLogger({ write: () => {} }),
      onAudit: () => {
        throw new Error("sink down");
      },
    });
    const response = await bot.fetch(new Request("http://x/test", { method: "POST", body: "hi" }));
    expect(await response.json()).toEqual({ text: "hello" });
  });
});

describe("the logger", () => {
  it("never throws: BigInts, hostile getters, cycles and deep values", () => {
    const lines: string[] = [];
    const log = createLogger({
      write: (line) => void lines.push(line),
      secrets: ["deep-secret-value"],
    });
    const hostile = new Error("x");
    Object.defineProperty(hostile, "message", {
      get() {
        throw new Error("no");
      },
    });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    let deep: unknown = "deep-secret-value";
    for (let i = 0; i < 10; i++) deep = { next: deep };
    log.info("bigint", { n: 10n });
    log.info("hostile", { error: hostile });
    log.info("cycle", { cycle });
    log.info("deep", { deep });
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!).n).toBe("10");
    expect(JSON.parse(lines[1]!).error.message).toBe("[unreadable]");
    expect(lines.join("\n")).not.toContain("deep-secret-value");
  });
});

describe("failureReply", () => {
  it("survives an error whose message getter throws", () => {
    const error = new Error("x");
    Object.defineProperty(error, "message", {
      get() {
        throw new Error("no");
      },
    });
    expect(failureReply({ name: "c", run: () => {} }, error, (t) => t).text).toBe(
      "`c` failed: unexpected error",
    );
  });
});

describe("secrets a user typed", () => {
  it("are masked in the echo of an unknown command and in the command text", async () => {
    const { send } = harness([{ name: "deploy", run: () => "ok" }], async () => undefined);
    expect((await send("xoxb-typed-secret-000")).text).not.toContain("xoxb-typed-secret-000");
    const audits: string[] = [];
    const bot = createCatOps({
      commands: [{ name: "deploy", confirm: true, run: () => "ok" }],
      connectors: [testConnector(async () => undefined).connector],
      logger: createLogger({ write: () => {} }),
      env: { SLACK_BOT_TOKEN: "xoxb-typed-secret-000" },
      onAudit: (record) => void audits.push(record.command),
    });
    const response = await bot.fetch(
      new Request("http://x/test", { method: "POST", body: "deploy xoxb-typed-secret-000" }),
    );
    expect(((await response.json()) as Reply).text).toBe("Run `deploy [redacted]`?");
    expect(audits).toEqual(["deploy [redacted]"]);
  });
});

describe("readBody", () => {
  it("keeps a leading byte-order mark: signatures are over the bytes as sent", async () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
    expect(await readBody(new Request("http://x/", { method: "POST", body }), 100)).toBe("\ufeffa");
  });
});

describe("an alert path with a malformed percent-escape", () => {
  it("is a 400, not a 500", async () => {
    const bot = createCatOps({
      logger: createLogger({ write: () => {} }),
      alerts: {
        handle: async () => new Response("handled"),
        receive: async () => undefined,
      },
    });
    const response = await bot.fetch(new Request("http://x/alerts/%E0%A4%A", { method: "POST" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: "malformed alert source in the path",
    });
  });
});

describe("progress notes", () => {
  it("are masked before they are stored on the job", async () => {
    const { bot, send } = harness(
      [
        {
          name: "later",
          defer: true,
          run: async (ctx) => {
            await ctx.progress("using xoxb-typed-secret-000");
            return "done";
          },
        },
      ],
      async () => undefined,
    );
    const queued: JobEnvelope[] = [];
    await send("later", { defer: async (job) => void queued.push(job) });
    await bot.runJob(queued[0]!);
    expect((await jobsOf(bot).get(queued[0]!.id))?.progress).toBe("using [redacted]");
  });
});
