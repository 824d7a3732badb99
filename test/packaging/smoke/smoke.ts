// The smallest CatOps a team would write, compiled with tsc against the installed tarballs'
// types and run with plain Node in a project outside the workspace:
//   node smoke.js <fixtures dir> <packages.json>
// It prints the public surface of every installed entry point as JSON on its last line.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { catopsLambda } from "@catops/aws-lambda";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { catopsWorker } from "@catops/cloudflare-workers";
import { command, createCatOps, silentLogger } from "@catops/core";
import { serve } from "@catops/node";
import { createSlackConnector, verifySlackSignature } from "@catops/slack";

const [fixturesDir, packagesFile] = process.argv.slice(2) as [string, string];
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const env = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-smoke" };

function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(`smoke: ${what}`);
  console.log(`ok - ${what}`);
}

const plugins = [
  {
    file: "example.ts",
    exports: {
      hi: () => "Meow!",
      greet: command({
        description: "Greets someone",
        args: { name: { required: true } },
        run: (ctx) => `Hello, ${ctx.args.name}!`,
      }),
    },
  },
];
const bot = createCatOps({
  plugins,
  aliases: ["meow"],
  connectors: [createSlackConnector()],
  env,
  logger: silentLogger,
});

// 1. The dispatcher, as plugins and tests use it.
const hi = await bot.dispatch({ command: ["meow", "hi"] });
check(hi?.text === "Meow!", "dispatch: meow hi answers Meow!");
const greet = await bot.dispatch({ command: ["greet", "team"] });
check(greet?.text === "Hello, team!", "dispatch: a command() definition parses its arguments");

// 2. A signed Slack slash command, built on Slack's documented payload.
function signedSlash(text: string, secret = SECRET) {
  const form = new URLSearchParams(
    readFileSync(join(fixturesDir, "slack/slash-command-docs-example.txt"), "utf8").trim(),
  );
  form.set("command", "/catops");
  form.set("text", text);
  const body = form.toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": signature,
  };
  return { body, headers, timestamp, signature };
}

const slash = signedSlash("hi");
check(
  await verifySlackSignature({
    signingSecret: SECRET,
    timestamp: slash.timestamp,
    signature: slash.signature,
    body: slash.body,
  }),
  "slack: verifySlackSignature accepts a signed body",
);

// 3. AWS Lambda: an API Gateway HTTP API (payload 2.0) event through the middy handler. Its
// answer is buffered, so the command runs as a job in a self-invocation: this client makes it
// here, a moment later, as Lambda's asynchronous invocation would.
const lambdaClient = {
  async send(invoke: { input: { Payload?: Uint8Array } }) {
    const job = JSON.parse(new TextDecoder().decode(invoke.input.Payload));
    setTimeout(() => void handler(job, createLambdaContext()), 1);
    return { StatusCode: 202 };
  },
};
const handler = catopsLambda(bot, { env, lambdaClient });
const template = JSON.parse(
  readFileSync(
    join(fixturesDir, "aws/apigw-v2-http-api-request-no-authorizer.aws-lambda-go.json"),
    "utf8",
  ),
);
const lambdaEvent = (request: ReturnType<typeof signedSlash>) => ({
  ...template,
  rawPath: "/slack/events",
  headers: {
    ...template.headers,
    ...request.headers,
    "content-length": String(request.body.length),
  },
  requestContext: {
    ...template.requestContext,
    http: { ...template.requestContext.http, method: "POST", path: "/slack/events" },
  },
  body: Buffer.from(request.body).toString("base64"),
  isBase64Encoded: true,
});
const result = (await handler(lambdaEvent(slash), createLambdaContext())) as {
  statusCode: number;
  body: string;
};
check(
  result.statusCode === 200 && result.body.includes("Meow!"),
  "aws-lambda: slash command → Meow!",
);
const forged = (await handler(
  lambdaEvent(signedSlash("hi", "not-the-secret")),
  createLambdaContext(),
)) as {
  statusCode: number;
};
check(forged.statusCode === 401, "aws-lambda: a bad signature is refused with 401");

// 4. Node: the self-hosted server on a free loopback port.
const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env });
try {
  const request = signedSlash("hi");
  const response = await fetch(`${server.url}/slack/events`, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  check(
    response.status === 200 && (await response.text()).includes("Meow!"),
    "node: slash command → Meow!",
  );
  const health = await fetch(`${server.url}/healthz`);
  check(health.status === 200, "node: GET /healthz answers 200");
} finally {
  await server.close({ graceMs: 1000 });
}

// 5. Cloudflare Workers: the module worker's fetch, called as workerd would.
const worker = catopsWorker(bot);
const pending: Promise<unknown>[] = [];
const workerRequest = signedSlash("hi");
const workerResponse = await worker.fetch(
  new Request("https://catops.example/slack/events", {
    method: "POST",
    headers: workerRequest.headers,
    body: workerRequest.body,
  }),
  {},
  {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
    passThroughOnException() {},
  },
);
await Promise.all(pending);
check(
  workerResponse.status === 200 && (await workerResponse.text()).includes("Meow!"),
  "cloudflare-workers: slash command → Meow!",
);

// 6. Every entry point of every package, by name, as a user imports it.
const entryPoints = JSON.parse(readFileSync(packagesFile, "utf8")) as Record<string, string[]>;
const surface: Record<string, string[]> = {};
for (const [name, subpaths] of Object.entries(entryPoints)) {
  for (const subpath of subpaths) {
    const specifier = subpath === "." ? name : `${name}/${subpath.slice(2)}`;
    surface[specifier] = Object.keys(await import(specifier)).sort();
  }
}
console.log(JSON.stringify(surface));
