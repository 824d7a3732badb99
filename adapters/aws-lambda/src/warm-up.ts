// @catops/aws-lambda/warm-up: the request a Lambda handler's code cache is made from (see
// @catops/node's writeCodeCachedEntry). It answers one signed `/catops <command>` from Slack
// through the function URL, in a process of its own with no network: Slack's API and AWS point
// at a closed local port, and the signing secret and token are used for nothing else. The
// command is CATOPS_WARM_UP_COMMAND, `help` by default, which every bot has. A plugin command
// that changes nothing (`whoami`) makes a better cache, as what V8 compiles for it is what every
// plugin command's cold start runs: a cold start answering `/catops hi` took 4–5% less CPU with
// such a cache than with one made from `help`, which runs built-in code plugin commands do not.
// Importing it puts a stand-in for Lambda's `awslambda` global in place where there is none, as
// the runtime has it before the handler loads.
import { createHmac, randomUUID } from "node:crypto";

const SIGNING_SECRET = "catops-code-cache-warm-up";
const CLOSED = "http://127.0.0.1:9";
// The mark Lambda's runtime interface client puts on a streaming handler.
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");

/** The warm-up process's environment: the settings a handler reads when it loads. */
export const WARM_UP_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: "production",
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_BOT_TOKEN: "xoxb-code-cache-warm-up",
  CATOPS_SLACK_API_URL: CLOSED,
  CATOPS_TABLE_NAME: "catops-warm-up",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "warm-up",
  AWS_SECRET_ACCESS_KEY: "warm-up",
  AWS_ENDPOINT_URL: CLOSED,
};

type Handler = (...args: unknown[]) => unknown;

/** Answers one signed slash command with the module's `handler`; throws unless it is answered. */
export default async function warmUp({ handler }: { handler?: unknown }): Promise<void> {
  if (typeof handler !== "function") throw new Error("the warm-up found no `handler` export");
  // A buffered handler acknowledges a slash command and runs it in a job of its own, so what it
  // would compile here is the acknowledgement, not the command.
  if (!(handler as { [STREAMING]?: string })[STREAMING])
    throw new Error(
      "the warm-up answers through a streaming handler: catopsLambda(bot, { streaming: true })",
    );
  const command = process.env.CATOPS_WARM_UP_COMMAND || "help";
  const answer = await invokeStreaming(handler as Handler, slashCommand(command));
  if (answer.statusCode !== 200)
    throw new Error(`the warm-up request was answered ${answer.statusCode}: ${answer.body}`);
}

function slashCommand(text: string) {
  const body = new URLSearchParams({
    command: "/catops",
    text,
    user_id: "U0WARMUP",
    user_name: "warm-up",
    channel_id: "C0WARMUP",
    channel_name: "warm-up",
    team_id: "T0WARMUP",
    response_url: `${CLOSED}/commands/T0WARMUP/0/warm-up`,
    trigger_id: "0.0.warm-up",
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/slack/events",
    rawQueryString: "",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${signature}`,
    },
    requestContext: {
      domainName: "warmup.lambda-url.us-east-1.on.aws",
      http: { method: "POST", path: "/slack/events", protocol: "HTTP/1.1", sourceIp: "127.0.0.1" },
      requestId: randomUUID(),
      stage: "$default",
      timeEpoch: Date.now(),
    },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

function context() {
  return {
    awsRequestId: randomUUID(),
    functionName: "catops-warm-up",
    getRemainingTimeInMillis: () => 30_000,
  };
}

/** A RESPONSE_STREAM invocation, its stream the least Lambda's runtime hands a handler. */
async function invokeStreaming(handler: Handler, event: unknown) {
  const chunks: string[] = [];
  const stream = {
    metadata: {} as { statusCode?: number },
    write: (chunk: unknown) => chunks.push(String(chunk)),
    end: (chunk?: unknown) => {
      if (chunk !== undefined) chunks.push(String(chunk));
    },
  };
  await handler(event, stream, context());
  return { statusCode: stream.metadata.statusCode ?? 200, body: chunks.join("") };
}

// Lambda's runtime puts this in place before it loads a handler, which checks for it; this module
// is loaded first. `streamifyResponse` marks the handler as the runtime's does.
const lambdaGlobal = globalThis as { awslambda?: Record<string, unknown> };
if (typeof lambdaGlobal.awslambda?.streamifyResponse !== "function")
  lambdaGlobal.awslambda = {
    ...lambdaGlobal.awslambda,
    streamifyResponse: (handler: Handler) => Object.assign(handler, { [STREAMING]: "response" }),
    HttpResponseStream: {
      from(stream: { metadata: unknown }, metadata: unknown) {
        stream.metadata = metadata;
        return stream;
      },
    },
  };
