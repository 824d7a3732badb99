// Cold start of the built function (dist/index.js): a fresh Node process imports the bundle,
// serves it with the Functions Framework's server on loopback and answers one signed slash
// command (`/catops hi`), its store on a Firestore protocol server on loopback (so Firestore's
// network latency is not included). Ten runs; prints the medians. Build first (`pnpm build`).
import { fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const RUNS = 10;
const child = fileURLToPath(import.meta.url);

if (process.argv[2] === "--child") {
  await runOnce();
} else {
  const firestore = await startFirestore();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(firestore.host));
  firestore.stop();
  const median = (key) => {
    const sorted = runs.map((run) => run[key]).sort((a, b) => a - b);
    return (sorted[(RUNS - 1) >> 1] + sorted[RUNS >> 1]) / 2;
  };
  console.log(`cold start, median of ${RUNS} fresh processes:`);
  console.log(`  bundle imported        ${median("imported").toFixed(0)} ms after process start`);
  console.log(`  server listening       ${median("listening").toFixed(0)} ms after process start`);
  console.log(`  slash command answered ${median("answered").toFixed(0)} ms after process start`);
  console.log(`  spawn to answer        ${median("wall").toFixed(0)} ms (parent's clock)`);
}

/** A Firestore protocol server (@firestore-emulator/server) bound to a free loopback port. */
async function startFirestore() {
  const require = createRequire(import.meta.url);
  const { FirestoreServer } = require("@firestore-emulator/server");
  const grpc = createRequire(require.resolve("@firestore-emulator/server"))("@grpc/grpc-js");
  const emulator = new FirestoreServer();
  const port = await new Promise((resolve, reject) =>
    emulator.server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return { host: `127.0.0.1:${port}`, stop: () => emulator.stop() };
}

function measure(firestoreHost) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = fork(child, ["--child"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
        GOOGLE_CLOUD_PROJECT: "catops-cold-start",
        FIRESTORE_EMULATOR_HOST: firestoreHost,
        // Off GCP the client libraries would probe for a metadata server: not on loopback.
        METADATA_SERVER_DETECTION: "none",
        GCE_METADATA_HOST: "127.0.0.1:9",
        CATOPS_PUBSUB_TOPIC: "catops-jobs",
      },
      execArgv: process.env.COLD_DEBUG ? ["--trace-warnings"] : [],
      stdio: ["ignore", process.env.COLD_DEBUG ? "inherit" : "ignore", "inherit", "ipc"],
    });
    proc.once("message", (result) => {
      if (result.text !== "Meow!")
        reject(new Error(`unexpected answer: ${JSON.stringify(result)}`));
      else resolve({ ...result, wall: performance.now() - started });
      proc.kill();
    });
    proc.once("exit", (code) => reject(new Error(`child exited (${code}) before answering`)));
  });
}

async function runOnce() {
  await import(pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href);
  const imported = performance.now();
  const { getTestServer } = await import("@google-cloud/functions-framework/testing");
  const server = getTestServer("catops");
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const listening = performance.now();
  const body = new URLSearchParams({
    command: "/catops",
    text: "hi",
    user_id: "U1",
    user_name: "ana",
    channel_id: "C1",
    team_id: "T1",
    response_url: "http://127.0.0.1:9/unused",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", process.env.SLACK_SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex")}`;
  const response = await fetch(`http://127.0.0.1:${server.address().port}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signature,
    },
    body,
  });
  const { text } = await response.json();
  process.send({ imported, listening, answered: performance.now(), text });
}
