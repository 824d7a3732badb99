// Real stores failing: SQLite locked by another writer, closed under the bot and reopened,
// or unable to open; DynamoDB (dynalite) and Azure Table Storage (azurite) stopped mid-run.
// A command that needs the store waits (SQLite's busy timeout) or fails with a clear message,
// and an event seen during an outage runs once after it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { TableClient } from "@azure/data-tables";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createTableStore } from "@catops/azure-functions";
import type { Store } from "@catops/core";
import { createNodeBot, createSqliteStore } from "@catops/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startDynalite } from "../../aws/dynalite.ts";
import { startAzurite } from "../../support/azurite.ts";
import { type FaultBot, startFaultBot } from "../support/harness.ts";
import { fixtureJson, signedRequest, slashBody } from "../support/slack.ts";
import { flakyStore } from "../support/stores.ts";

const require = createRequire(import.meta.url);
const UNAVAILABLE = /CatOps could not handle that command: a service it depends on failed/;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "catops-reliability-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fault: FaultBot | undefined;
afterEach(async () => {
  await fault?.drain();
  await fault?.close();
  fault = undefined;
});

async function slash(bot: FaultBot, text: string) {
  const response = await bot.send(
    signedRequest(slashBody({ text, response_url: `${bot.recorder.url}/respond/${text}` })),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { text: string }).text;
}

/**
 * Another process takes SQLite's write lock and holds it for `ms`, or without `ms` until
 * `release()`. better-sqlite3 is synchronous: a lock held in this process, or a timer here that
 * releases it, would wait on the very event loop the bot's busy wait blocks. Resolves once the
 * lock is held.
 */
async function holdWriteLock(path: string, ms?: number): Promise<{ release(): Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
    const db = new Database(${JSON.stringify(path)});
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("locked\\n");
    const release = () => { if (db.open) { db.exec("COMMIT"); db.close(); } };
    process.stdin.once("data", release).once("end", release);
    ${ms === undefined ? "" : `setTimeout(release, ${ms});`}`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the locking process exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let released = false;
  return {
    release() {
      if (!released) {
        // A write reaches the pipe at once, even when a busy wait blocks this event loop next.
        child.stdin.write("release\n");
        child.stdin.end();
        released = true;
      }
      return exited;
    },
  };
}

/** `store`, calling `onBusy` when one of its calls fails with SQLITE_BUSY. */
function onLocked(store: Store, onBusy: () => void): Store {
  return new Proxy(store, {
    get(target, method: keyof Store) {
      const value = target[method];
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if ((error as { code?: unknown }).code === "SQLITE_BUSY") onBusy();
          throw error;
        }
      };
    },
  });
}

function mention(eventId: string) {
  const envelope = fixtureJson("events-app-mention-usage-info.json");
  envelope.event_id = eventId;
  envelope.event.text = "<@U0LAN0Z89> hi";
  return signedRequest(JSON.stringify(envelope), { contentType: "application/json" });
}

describe("SQLite (the Node adapter's store)", () => {
  it("locked by another process for 0.8 s: a deferred command waits for the lock, then runs", async () => {
    const path = join(dir, "locked.db");
    fault = await startFaultBot({ store: createSqliteStore({ path }) });
    const locker = await holdWriteLock(path, 800);
    const started = Date.now();
    expect(await slash(fault, "later")).toMatch(/^Running `later`…/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
    await locker.release();
  });

  it("locked past the 5 s busy timeout: a clear message, and the command did not run", async () => {
    const path = join(dir, "busy.db");
    // The lock is held until a write of the bot's has waited out its busy timeout, however long
    // a loaded machine takes to reach it: later writes (the job's index) then go through.
    let locker: { release(): Promise<void> } | undefined;
    const store = onLocked(createSqliteStore({ path }), () => void locker?.release());
    fault = await startFaultBot({ store });
    locker = await holdWriteLock(path);
    expect(await slash(fault, "later")).toMatch(UNAVAILABLE);
    expect(fault.logged("command could not be handled")[0]?.error).toMatchObject({
      message: expect.stringMatching(/database is locked/),
    });
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(0);
    await locker.release();
    expect(await slash(fault, "later")).toMatch(/^Running `later`…/);
  }, 20_000);

  it("closed under the bot, then reopened: a clear message, and the retried event runs once", async () => {
    const path = join(dir, "reopened.db");
    const store = flakyStore(createSqliteStore({ path }));
    fault = await startFaultBot({ store });
    expect(await fault.send(mention("Ev0SQLITE1")).then((r) => r.status)).toBe(200);
    await fault.drain();
    expect(fault.spied("hi")).toHaveLength(1);
    // The database goes away (its connection closed): every call now throws.
    const first = createSqliteStore({ path });
    await first.close();
    store.swap(first);
    expect(await slash(fault, "later")).toMatch(UNAVAILABLE);
    expect((await fault.send(mention("Ev0SQLITE2"))).status).toBe(500);
    expect((await fault.send(mention("Ev0SQLITE1"))).status).toBe(500);
    // Reopened on the same file: what was stored before the outage is still there.
    store.swap(createSqliteStore({ path }));
    expect((await fault.send(mention("Ev0SQLITE1"))).status).toBe(200);
    expect((await fault.send(mention("Ev0SQLITE2"))).status).toBe(200);
    expect((await fault.send(mention("Ev0SQLITE2"))).status).toBe(200);
    await fault.drain();
    // Ev0SQLITE1 ran before the outage, Ev0SQLITE2 once after it.
    expect(fault.spied("hi")).toHaveLength(2);
    expect(await slash(fault, "later")).toMatch(/^Running `later`…/);
  });

  it("a data folder that cannot be created: the bot refuses to start, naming the path", async () => {
    const blocker = join(dir, "not-a-folder");
    writeFileSync(blocker, "");
    await expect(
      createNodeBot({
        store: "sqlite",
        dataDir: join(blocker, "data"),
        env: {},
        playground: false,
      }),
    ).rejects.toThrow(/ENOTDIR.*not-a-folder/);
  });
});

describe("DynamoDB (dynalite) stopped mid-run", () => {
  it("fails with a clear message, and the bot keeps answering what needs no store", async () => {
    const dynamo = await startDynalite();
    await dynamo.createTable("catops-reliability");
    // Few SDK retries, so the outage shows in well under a second.
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 2,
    });
    fault = await startFaultBot({
      store: createDynamoStore({ tableName: "catops-reliability", client }),
    });
    expect(await slash(fault, "later")).toMatch(/^Running `later`…/);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
    await dynamo.stop();
    const started = Date.now();
    expect(await slash(fault, "later")).toMatch(UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await slash(fault, "hi")).toBe("Meow!");
    expect((await fault.send(mention("Ev0DYNAMO1"))).status).toBe(500);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
    client.destroy();
  }, 20_000);
});

describe("Azure Table Storage (azurite) stopped mid-run", () => {
  it("fails with a clear message, and the bot keeps answering what needs no store", async () => {
    const azurite = await startAzurite();
    const client = TableClient.fromConnectionString(azurite.connectionString, "reliability", {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 1, retryDelayInMs: 50, maxRetryDelayInMs: 100 },
    });
    fault = await startFaultBot({ store: createTableStore({ client }) });
    expect(await slash(fault, "later")).toMatch(/^Running `later`…/);
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
    await azurite.stop();
    const started = Date.now();
    expect(await slash(fault, "later")).toMatch(UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(await slash(fault, "hi")).toBe("Meow!");
    await fault.drain();
    expect(fault.spied("later")).toHaveLength(1);
  }, 30_000);
});
