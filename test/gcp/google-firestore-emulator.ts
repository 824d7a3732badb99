// Google's own Firestore emulator (the google-cloud-cli-firestore-emulator package, Java), for
// what the Node protocol server does not model: transactions that isolate concurrent writers.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { emulatorAt, type FirestoreEmulator } from "./firestore-emulator.ts";
import { NO_METADATA_SERVER } from "./offline.ts";

export const GOOGLE_FIRESTORE_EMULATOR =
  process.env.CATOPS_FIRESTORE_EMULATOR ??
  "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator";

/** Whether the emulator is on this machine: it comes from Google's apt repository, not Debian's. */
export const hasGoogleFirestoreEmulator = existsSync(GOOGLE_FIRESTORE_EMULATOR);

export async function startGoogleFirestoreEmulator(): Promise<FirestoreEmulator> {
  if (!existsSync(GOOGLE_FIRESTORE_EMULATOR))
    throw new Error(
      `Google's Firestore emulator is not installed at ${GOOGLE_FIRESTORE_EMULATOR} (apt-get install google-cloud-cli-firestore-emulator, or set CATOPS_FIRESTORE_EMULATOR)`,
    );
  Object.assign(process.env, NO_METADATA_SERVER);
  const port = await freePort();
  const child = spawn(GOOGLE_FIRESTORE_EMULATOR, ["start", "--host=127.0.0.1", `--port=${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  await untilReady(child);
  return emulatorAt(`127.0.0.1:${port}`, async () => {
    // The script starts java as its child: the whole process group goes.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  });
}

function untilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Dev App Server is now running")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`the Firestore emulator exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
