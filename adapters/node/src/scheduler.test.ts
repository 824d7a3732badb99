// Replicas sharing a store fire each schedule once per firing: two servers, each with its own
// connection to one SQLite file (or to one PostgreSQL schema), tick the same minute, and the
// recorder standing in for Slack sees one post.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { command, createCatOps, silentLogger, type Store } from "@catops/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  dropSchema,
  findOrStartPostgres,
  type Service,
  uniqueName,
} from "../../../test/support/databases.ts";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { createNodeBot } from "./node-bot.js";
import { startScheduler } from "./scheduler.js";
import { type RunningServer, serve } from "./handler.js";
import { createSqliteStore } from "./store/sqlite.js";

const CHANNEL = "CDAILY01";
let recorder: Recorder;
const dir = mkdtempSync(join(tmpdir(), "catops-scheduler-"));

beforeAll(async () => {
  recorder = await startRecorder();
});
afterAll(async () => {
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
});

function botOptions(env: Record<string, string> = {}) {
  return {
    plugins: [
      {
        file: "daily.ts",
        exports: {
          report: command({ description: "The daily report", run: () => "All quiet." }),
          schedules: [
            { name: "daily-report", schedule: "0 6 * * *", run: "report", channel: CHANNEL },
          ],
        },
      },
    ],
    logger: silentLogger,
    env: {
      SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
      SLACK_BOT_TOKEN: "xoxb-node-scheduler",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
      ...env,
    },
  };
}

async function replica(store: Store | "shared", env: Record<string, string> = {}) {
  const bot = await createNodeBot({ ...botOptions(env), store });
  const server = await serve(bot, { port: 0, env: {} });
  // The tests tick for the minutes they name; the timer, left on, would fire the real 06:00 too.
  await server.scheduler!.stop();
  return server;
}

async function expectOnePostPerFiring(servers: RunningServer[]): Promise<void> {
  recorder.clear();
  const six = Date.parse("2026-12-04T06:00:00Z");
  // Both replicas' timers wake in the same minute; one of them a little late.
  const runs = await Promise.all([
    servers[0]!.scheduler!.tick(six),
    servers[1]!.scheduler!.tick(six + 1500),
    servers[1]!.scheduler!.tick(six),
  ]);
  expect(runs.flat().filter((run) => run.ran)).toHaveLength(1);
  const posts = () =>
    recorder.requests.filter(
      (r) => r.path === "/api/chat.postMessage" && r.json?.channel === CHANNEL,
    );
  expect(posts()).toHaveLength(1);
  expect(posts()[0]!.json.text).toContain("All quiet.");
  // A minute that is no firing of the schedule runs nothing.
  expect(await servers[0]!.scheduler!.tick(six + 60_000)).toEqual([]);
  // The next day's firing runs again, once.
  await Promise.all(servers.map((server) => server.scheduler!.tick(six + 86_400_000)));
  expect(posts()).toHaveLength(2);
}

describe("the Node scheduler across replicas", () => {
  it("fires once per firing with two servers on one SQLite file", async () => {
    const path = join(dir, "catops.db");
    const servers = [
      await replica(createSqliteStore({ path, sweepEveryMs: 0, checkEveryMs: 0 })),
      await replica(createSqliteStore({ path, sweepEveryMs: 0, checkEveryMs: 0 })),
    ];
    try {
      await expectOnePostPerFiring(servers);
    } finally {
      await Promise.all(servers.map((server) => server.close({ graceMs: 1000 })));
    }
  });

  describe("on PostgreSQL", () => {
    let postgres: Service;
    const schema = uniqueName("scheduler");
    beforeAll(async () => {
      postgres = await findOrStartPostgres();
    }, 60_000);
    afterAll(async () => {
      if (!postgres) return; // none was found: beforeAll said why
      await dropSchema(postgres.url, schema);
      await dropSchema(postgres.url, `${schema}_queue`);
      await postgres.stop?.();
    });

    it("fires once per firing with two servers on one database", async () => {
      const env = { CATOPS_DATABASE_URL: postgres.url, CATOPS_DATABASE_SCHEMA: schema };
      const servers = [await replica("shared", env), await replica("shared", env)];
      try {
        await expectOnePostPerFiring(servers);
      } finally {
        await Promise.all(servers.map((server) => server.close({ graceMs: 1000 })));
      }
    });
  });

  it("fires nothing when the server is told not to", async () => {
    const bot = await createNodeBot({ ...botOptions(), store: "memory" });
    const server = await serve(bot, { port: 0, env: {}, schedules: false });
    expect(server.scheduler).toBeUndefined();
    await server.close({ graceMs: 1000 });
  });
});

describe("the scheduler's timer", () => {
  afterEach(() => vi.useRealTimers());

  it("wakes at each minute's start and fires what is due in it", async () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-04T05:59:30Z") });
    const bot = createCatOps({
      logger: silentLogger,
      commands: [{ name: "report", run: () => "All quiet." }],
      schedules: [{ name: "daily-report", schedule: "0 6 * * *", run: "report", channel: "C1" }],
    });
    const scheduler = startScheduler({ bot: () => bot, runtime: {} });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await bot.store.get("schedule:daily-report:2026-12-04T06:00")).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await bot.store.get("schedule:daily-report:2026-12-04T06:00")).toBeDefined();
    // The next minute is no firing of it; the timer goes on waking.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await bot.store.get("schedule:daily-report:2026-12-04T06:01")).toBeUndefined();
    await scheduler.stop();
  });
});
