// Cold start of the bundle: each run is a fresh `node` process that imports dist/handler.mjs
// and handles one signed slash command (`/catops hi`) as the function URL streams it (Lambda's
// streaming runtime API stood in for by test/aws/lambda-streaming.mjs), with the store on
// dynalite (an in-memory DynamoDB on a loopback port). Prints the medians.
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { installLambdaStreaming, invokeStreaming } from "../../../test/aws/lambda-streaming.mjs";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = join(exampleDir, "dist/handler.mjs");
const SECRET = "cold-start-signing-secret";
const TABLE = "catops-cold-start";

/** The Function URL fixture carrying a signed `/catops <text>` as Slack sends it. */
export function slashCommandEvent(text, secret = SECRET) {
  const event = vendorJson("aws/lambda-function-url-request.awsdocs.json");
  const form = new URLSearchParams(vendorText("slack/slash-command-docs-example.txt").trim());
  form.set("command", "/catops");
  form.set("text", text);
  const body = form.toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return {
    ...event,
    rawPath: "/slack/events",
    rawQueryString: "",
    cookies: undefined,
    queryStringParameters: undefined,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${signature}`,
    },
    requestContext: {
      ...event.requestContext,
      authorizer: undefined,
      http: { ...event.requestContext.http, method: "POST", path: "/slack/events" },
      requestId: randomUUID(),
      timeEpoch: Date.now(),
    },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

/** Runs in the fresh process: import, handle, report. */
async function child(bundle, eventFile) {
  installLambdaStreaming();
  const started = performance.now();
  const { handler, codeCache } = await import(pathToFileURL(bundle).href);
  const imported = performance.now();
  const event = JSON.parse(readFileSync(eventFile, "utf8"));
  const context = {
    functionName: "catops",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:catops",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/catops",
    logStreamName: "cold-start",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  };
  const result = await invokeStreaming(handler, event, context);
  const handled = performance.now();
  await result.endedAt;
  const warmStarted = performance.now();
  await invokeStreaming(handler, event, { ...context, awsRequestId: randomUUID() });
  const warmMs = performance.now() - warmStarted;
  const loaded = Object.keys(createRequire(import.meta.url).cache)
    .map((path) => /@aws-sdk[\\/]([\w-]+)[\\/]/.exec(path)?.[1])
    .filter(Boolean);
  process.stdout.write(
    `${JSON.stringify({
      bootMs: started,
      importMs: imported - started,
      handleMs: handled - imported,
      totalMs: handled,
      warmMs,
      statusCode: result.statusCode,
      body: result.body,
      awsSdk: [...new Set(loaded)].sort(),
      codeCache,
    })}\n`,
  );
}

function runChild(env, eventFile, bundle, nodeFlags) {
  return new Promise((resolvePromise, reject) => {
    const spawned = performance.now();
    const proc = spawn(
      process.execPath,
      [...nodeFlags, fileURLToPath(import.meta.url), "--child", bundle, eventFile],
      {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout.on("data", (chunk) => (out += chunk));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`cold start run exited with ${code}`));
      resolvePromise({
        ...JSON.parse(out.trim().split("\n").pop()),
        wallMs: performance.now() - spawned,
      });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Starts dynalite, runs `runs` fresh processes one after another, and returns every run. Each
 * `node` starts with `nodeFlags`: Lambda's (`lambdaNodeFlags`) for the code cache to be taken.
 */
export async function measureColdStart({ runs = 10, bundle = BUNDLE, nodeFlags = [] } = {}) {
  const require = createRequire(join(exampleDir, "package.json"));
  const dynalite = require("dynalite");
  const { DynamoDBClient, CreateTableCommand } = require("@aws-sdk/client-dynamodb");
  const server = dynalite({ createTableMs: 0 });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const aws = {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  };
  const client = new DynamoDBClient({
    endpoint,
    region: aws.AWS_REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const dir = mkdtempSync(join(tmpdir(), "catops-cold-"));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    const env = {
      PATH: process.env.PATH,
      ...aws,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      CATOPS_TABLE_NAME: TABLE,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-cold-start",
      NODE_ENV: "production",
      NODE_NO_WARNINGS: "1",
    };
    const results = [];
    for (let i = 0; i < runs; i++) {
      const eventFile = join(dir, `event-${i}.json`);
      writeFileSync(eventFile, JSON.stringify(slashCommandEvent("hi")));
      results.push(await runChild(env, eventFile, bundle, nodeFlags));
    }
    return results;
  } finally {
    client.destroy();
    rmSync(dir, { recursive: true, force: true });
    server.closeAllConnections?.();
    await new Promise((done) => server.close(done));
  }
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4]);
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = await measureColdStart({ runs: Number(process.argv[2] ?? 10) });
  const ms = (n) => `${n.toFixed(1)} ms`;
  console.log(`cold start, median of ${runs.length} fresh node processes:`);
  console.log(`  import the bundle:            ${ms(median(runs.map((r) => r.importMs)))}`);
  console.log(`  handle /catops hi:            ${ms(median(runs.map((r) => r.handleMs)))}`);
  console.log(`  process start to the answer:  ${ms(median(runs.map((r) => r.totalMs)))}`);
  console.log(`  spawn to exit (wall):         ${ms(median(runs.map((r) => r.wallMs)))}`);
  console.log(`  the same command again, warm: ${ms(median(runs.map((r) => r.warmMs)))}`);
  console.log(`  AWS SDK packages loaded:      ${runs[0].awsSdk.join(", ") || "none"}`);
}
