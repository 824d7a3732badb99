// A SQLite file deleted or replaced under the running server: SQLite writes on into the open
// file and everything is lost on restart, so the store says so in the log and in /healthz.
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@catops/core";
import { afterEach, describe, expect, it } from "vitest";
import { createNodeBot, DATABASE_FILE } from "../node-bot.js";
import { type RunningServer, serve } from "../handler.js";
import { createSqliteStore, type SqliteStore } from "./sqlite.js";

const dirs: string[] = [];
const stores: SqliteStore[] = [];
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close({ graceMs: 100 });
  server = undefined;
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "catops-sqlite-health-"));
  dirs.push(dir);
  return dir;
}

function recordingLogger() {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const at = (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ message, fields });
  const logger: Logger = { debug: at, info: at, warn: at, error: at };
  return { logger, lines };
}

function open(path: string, logger: Logger, checkEveryMs = 0): SqliteStore {
  const store = createSqliteStore({ path, logger, checkEveryMs });
  stores.push(store);
  return store;
}

describe("the SQLite store's file", () => {
  it("fails /healthz with a reason and logs an error once the file is deleted", async () => {
    const dataDir = tempDir();
    const { logger, lines } = recordingLogger();
    const bot = await createNodeBot({ dataDir, logger, env: {}, plugins: [] });
    server = await serve(bot, { port: 0, env: {} });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    rmSync(join(dataDir, DATABASE_FILE));
    const answer = await fetch(`${server.url}/healthz`);
    expect(answer.status).toBe(503);
    const body = (await answer.json()) as { ok: boolean; reason: string };
    expect(body.ok).toBe(false);
    expect(body.reason).toMatch(/catops\.db was deleted; what is written now is lost on restart/);
    expect(lines).toContainEqual({
      message: "SQLite store lost its file",
      fields: { reason: body.reason },
    });
  });

  it("notices a file replaced by another on the next write", async () => {
    const dir = tempDir();
    const { logger, lines } = recordingLogger();
    const store = open(join(dir, "live.db"), logger);
    await store.set("a", 1);
    expect(store.health()).toEqual({ ok: true });

    const other = open(join(dir, "restored.db"), recordingLogger().logger);
    await other.set("b", 2);
    renameSync(join(dir, "restored.db"), join(dir, "live.db"));
    await store.set("c", 3);
    expect(lines.map((line) => line.message)).toEqual(["SQLite store lost its file"]);
    expect(store.health()).toMatchObject({ ok: false, reason: expect.stringMatching(/replaced/) });
  });

  it("notices on its own, with no write and no health check", async () => {
    const dir = tempDir();
    const { logger, lines } = recordingLogger();
    open(join(dir, "live.db"), logger, 20);
    rmSync(join(dir, "live.db"));
    while (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines[0]!.message).toBe("SQLite store lost its file");
  });

  it("stays healthy through writes to a file left alone, and logs nothing", async () => {
    const { logger, lines } = recordingLogger();
    const store = open(join(tempDir(), "live.db"), logger);
    for (let i = 0; i < 50; i++) await store.set(`k${i}`, i);
    await store.delete("k1");
    expect(store.health()).toEqual({ ok: true });
    expect(lines).toEqual([]);
  });
});
