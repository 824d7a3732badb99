// Starts azurite (the Azure Storage emulator) on free loopback ports, in memory, and stops it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Azurite's well-known development account (public; the same in every installation). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  /** A storage connection string with the queue, table and blob endpoints of this instance. */
  connectionString: string;
  queueUrl: string;
  tableUrl: string;
  blobUrl: string;
  stop(): Promise<void>;
}

const SERVICES = ["Blob", "Queue", "Table"] as const;
const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/g;

export async function startAzurite(timeoutMs = 20_000): Promise<Azurite> {
  const require = createRequire(import.meta.url);
  const entry = join(dirname(require.resolve("azurite/package.json")), "dist/src/azurite.js");
  const workdir = mkdtempSync(join(tmpdir(), "catops-azurite-"));
  const child = spawn(
    process.execPath,
    [
      entry,
      ...["--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1"],
      ...["--blobPort", "0", "--queuePort", "0", "--tablePort", "0"],
      "--inMemoryPersistence",
      ...["--extentMemoryLimit", "64"],
      "--skipApiVersionCheck",
      "--loose",
      "--disableTelemetry",
    ],
    { cwd: workdir, stdio: ["ignore", "pipe", "pipe"] },
  );

  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    const found: Record<string, string> = {};
    let output = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`azurite did not start: ${why}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail(`no ports within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      for (const match of output.matchAll(LISTENING)) found[match[1]!] = match[2]!;
      if (SERVICES.every((service) => found[service])) {
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        resolve(found);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("exit", (code) => fail(`exited with ${code}`));
    child.once("error", (error) => fail(error.message));
  });
  // Keep draining the access log so the pipe never fills and blocks azurite.
  child.stdout?.resume();
  child.stderr?.resume();
  child.removeAllListeners("exit");

  const endpoint = (service: string) => `${urls[service]}/${AZURITE_ACCOUNT}`;
  return {
    connectionString: [
      "DefaultEndpointsProtocol=http",
      `AccountName=${AZURITE_ACCOUNT}`,
      `AccountKey=${AZURITE_KEY}`,
      `BlobEndpoint=${endpoint("Blob")}`,
      `QueueEndpoint=${endpoint("Queue")}`,
      `TableEndpoint=${endpoint("Table")}`,
    ].join(";"),
    queueUrl: endpoint("Queue"),
    tableUrl: endpoint("Table"),
    blobUrl: endpoint("Blob"),
    stop: () => stopChild(child, workdir),
  };
}

function stopChild(child: ChildProcess, workdir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(force);
      rmSync(workdir, { recursive: true, force: true });
      resolve();
    };
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", done);
    child.kill("SIGTERM");
  });
}
