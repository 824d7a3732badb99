// Measures the example's cold start: a fresh Node process imports the built bundle with a
// stub `app` standing in for @azure/functions, then handles one signed slash command through
// the registered HTTP handler. Runs 10 times and prints the medians. Build first (`pnpm build`).
// Every command reads the store, so the bot needs Table Storage: AzureWebJobsStorage when it
// is set, otherwise azurite started here on a free loopback port.
import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { vendorText } from "../../../test/fixtures/vendor.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.RUNS ?? 10);
const SECRET = "cold-start-signing-secret";
if (!existsSync(join(root, "dist/index.js"))) {
  console.error("dist/index.js is missing: run `pnpm build` in examples/azure first");
  process.exit(1);
}

const azurite = process.env.AzureWebJobsStorage ? undefined : await startAzurite();
const connectionString = process.env.AzureWebJobsStorage ?? azurite.connectionString;

// A Function App folder: the bundle, and a stub @azure/functions that records registrations.
const app = mkdtempSync(join(tmpdir(), "catops-azure-cold-"));
cpSync(join(root, "dist"), join(app, "dist"), { recursive: true });
writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module", main: "dist/index.js" }));
const stub = join(app, "node_modules/@azure/functions");
mkdirSync(stub, { recursive: true });
writeFileSync(
  join(stub, "package.json"),
  JSON.stringify({ name: "@azure/functions", type: "module", main: "index.js" }),
);
writeFileSync(
  join(stub, "index.js"),
  `const registered = (globalThis.__registered = {});
export const app = {
  http: (name, options) => { registered.http = options; },
  storageQueue: (name, options) => { registered.queue = options; },
};\n`,
);
writeFileSync(
  join(app, "run.mjs"),
  `const start = performance.now();
await import("./dist/index.js");
const imported = performance.now();
const body = process.env.BODY;
const request = {
  method: "POST",
  url: "https://catops.azurewebsites.net/slack/events",
  headers: new Headers({
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": process.env.TIMESTAMP,
    "x-slack-signature": process.env.SIGNATURE,
  }),
  arrayBuffer: async () => new TextEncoder().encode(body).buffer,
};
const quiet = () => {};
const context = { invocationId: "cold-start", functionName: "catops-http", log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
const result = await globalThis.__registered.http.handler(request, context);
const answered = performance.now();
console.log(JSON.stringify({
  importMs: imported - start,
  handleMs: answered - imported,
  sinceProcessStartMs: answered,
  status: result.status,
  reply: new TextDecoder().decode(result.body),
}));
`,
);

// The docs' slash command payload, asking for "hi", signed now.
const params = new URLSearchParams(vendorText("slack/signing-docs-example.body.txt"));
params.set("text", "hi");
const body = params.toString();

const samples = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(app, "run.mjs")], {
      cwd: app,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: "xoxb-cold-start",
        AzureWebJobsStorage: connectionString,
        BODY: body,
        TIMESTAMP: timestamp,
        SIGNATURE: signature,
      },
    });
    const wallMs = performance.now() - started;
    if (run.status !== 0) throw new Error(`run ${i + 1} failed:\n${run.stderr}`);
    const sample = JSON.parse(run.stdout.trim().split("\n").pop());
    if (sample.status !== 200 || !sample.reply.includes("Meow!"))
      throw new Error(`run ${i + 1} answered ${sample.status}: ${sample.reply}`);
    samples.push({ ...sample, wallMs });
  }
} finally {
  rmSync(app, { recursive: true, force: true });
  azurite?.stop();
}

const median = (key) => {
  const values = samples.map((s) => s[key]).sort((a, b) => a - b);
  const mid = Math.floor(values.length / 2);
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
};
const ms = (value) => `${value.toFixed(1)} ms`;
console.log(`cold start of examples/azure, median of ${RUNS} fresh processes:`);
console.log(`  import the bundle (registerCatOps)        ${ms(median("importMs"))}`);
console.log(`  first signed slash command ("hi")         ${ms(median("handleMs"))}`);
console.log(`  process start → answer                    ${ms(median("sinceProcessStartMs"))}`);
console.log(`  spawn → exit (wall)                       ${ms(median("wallMs"))}`);

/** azurite in memory on free loopback ports; only its Table service is used. */
async function startAzurite() {
  const require = createRequire(import.meta.url);
  const entry = join(dirname(require.resolve("azurite/package.json")), "dist/src/azurite.js");
  const child = spawn(
    process.execPath,
    [
      entry,
      ...["--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1"],
      ...["--blobPort", "0", "--queuePort", "0", "--tablePort", "0"],
      ...[
        "--inMemoryPersistence",
        "--extentMemoryLimit",
        "64",
        "--skipApiVersionCheck",
        "--loose",
        "--disableTelemetry",
      ],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let output = "";
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`azurite exited with ${code}: ${output}`)));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const found = /Table service is successfully listening at (http:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]);
    });
  });
  child.removeAllListeners("exit");
  child.stdout.resume();
  const key =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};TableEndpoint=${url}/devstoreaccount1;`,
    stop: () => child.kill(),
  };
}
