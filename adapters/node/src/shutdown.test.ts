// Graceful shutdown of the real CLI process: SIGTERM while a request and a job are running.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { JobRecord } from "@catops/core";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "./store/sqlite.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const plugins = fileURLToPath(new URL("../test/plugins", import.meta.url));
const dataDirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), "catops-shutdown-"));
  dataDirs.push(dataDir);
  return dataDir;
}

async function startCli(graceSeconds: number, dataDir = newDataDir()) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli.ts",
      "--plugins",
      plugins,
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--grace",
      String(graceSeconds),
    ],
    {
      cwd: packageDir,
      env: { ...process.env, SLACK_SIGNING_SECRET: "", CATOPS_HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 20 s:\n${output}`)), 20_000);
    child.stdout!.on("data", () => {
      const found = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    void exited.then(() => reject(new Error(`exited early:\n${output}`)));
  });
  const run = async (text: string) => {
    const response = await fetch(`${url}/playground/command`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text }),
    });
    return (await response.json()) as { messages: { text: string }[] };
  };
  const jobs = async () => {
    const store = createSqliteStore({ path: join(dataDir, "catops.db") });
    const list = await store.list<JobRecord>("job:");
    await store.close();
    return list.map((entry) => entry.value);
  };
  const messages = async () => {
    const response = await fetch(`${url}/playground/messages`);
    return ((await response.json()) as { messages: { text: string }[] }).messages;
  };
  return { child, url, exited, run, jobs, messages, dataDir, output: () => output };
}

describe("graceful shutdown", () => {
  it("lets a running request and a deferred job finish, then exits 0", async () => {
    const cli = await startCli(10);
    const ack = await cli.run("nap 1000");
    expect(ack.messages[1]!.text).toMatch(/^Running `nap 1000`/);
    const inFlight = cli.run("sleepy 600");
    await new Promise((resolve) => setTimeout(resolve, 150));
    const signalled = Date.now();
    cli.child.kill("SIGTERM");
    expect((await inFlight).messages[1]!.text).toBe("Slept 600 ms.");
    expect(await cli.exited).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(700);
    expect(await cli.jobs()).toMatchObject([
      { command: "nap 1000", state: "succeeded", result: "Woke after 1000 ms." },
    ]);
  }, 30_000);

  it("records a job still running after the grace period as interrupted, and exits 0", async () => {
    const cli = await startCli(0.3);
    await cli.run("nap 60000");
    const signalled = Date.now();
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(5000);
    const [job] = await cli.jobs();
    expect(job).toMatchObject({
      command: "nap 60000",
      state: "interrupted",
      result: "the server shut down",
    });
    expect(cli.output()).toContain("job interrupted");
  }, 30_000);
});

describe("a slow command at shutdown", () => {
  it("is a job once answered late: past the grace period it is interrupted, audited and recorded", async () => {
    const cli = await startCli(0.3);
    const ack = await cli.run("sleepy 60000");
    expect(ack.messages[1]!.text).toBe(
      "Still working on `sleepy 60000`; the answer will follow here.",
    );
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    const [job] = await cli.jobs();
    expect(job).toMatchObject({ command: "sleepy 60000", state: "interrupted" });
    expect(cli.output()).toContain('"outcome":"interrupted","command":"sleepy 60000"');
  }, 30_000);
});

describe("a server killed mid-job", () => {
  it("marks the job interrupted when it starts again, and says so in its channel", async () => {
    const first = await startCli(10);
    const ack = await first.run("nap 60000");
    const id = /job `(\w+)`/.exec(ack.messages[1]!.text)![1];
    await expect.poll(async () => (await first.jobs())[0]?.state).toBe("running");
    first.child.kill("SIGKILL");
    await first.exited;
    expect((await first.jobs())[0]).toMatchObject({ id, state: "running" });

    const second = await startCli(10, first.dataDir);
    expect((await second.jobs())[0]).toMatchObject({ id, state: "interrupted" });
    const said = (await second.messages()).map((message) => message.text);
    expect(said).toContainEqual(
      expect.stringMatching(new RegExp(`nap 60000.*was interrupted \\(job \`${id}\`\\)`)),
    );
    const listed = await second.run(`jobs ${id}`);
    expect(listed.messages[1]!.text).toContain("interrupted");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 40_000);
});
