// The request the handler's code cache is made from (scripts/bundle.mjs): `/catops whoami` from
// Slack through the function URL, signed with a signing secret used for nothing else, answered
// in a process of its own with no network: Slack's API and AWS point at a closed local port.
// A command of the plugins that changes nothing: what V8 compiles for it is what every plugin
// command's cold start runs (a cold start answering `/catops hi` took 4–5% less CPU with this
// cache than with one made from `/catops help`, which runs built-in code plugins do not).
import { createHmac, randomUUID } from "node:crypto";

const SIGNING_SECRET = "catops-code-cache-warm-up";
const COMMAND = "whoami";
const CLOSED = "http://127.0.0.1:9";

/** The warm-up process's environment: the settings the handler reads when it loads. */
export const WARM_UP_ENV = {
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

/** Answers one signed slash command with the handler; throws unless it is answered. */
export default async function warmUp({ handler }) {
  const answer = await invokeStreaming(handler, slashCommand(COMMAND));
  if (answer.statusCode !== 200)
    throw new Error(`the warm-up request was answered ${answer.statusCode}: ${answer.body}`);
}

function slashCommand(text) {
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

/** A RESPONSE_STREAM invocation, with the `awslambda` global Lambda's runtime provides. */
async function invokeStreaming(handler, event) {
  const chunks = [];
  const stream = { metadata: {}, write: (chunk) => chunks.push(String(chunk)), end };
  function end(chunk) {
    if (chunk !== undefined) chunks.push(String(chunk));
  }
  const context = {
    awsRequestId: randomUUID(),
    functionName: "catops-warm-up",
    getRemainingTimeInMillis: () => 30_000,
  };
  await handler(event, stream, context);
  return { statusCode: stream.metadata.statusCode ?? 200, body: chunks.join("") };
}

// Lambda's runtime puts this in place before it loads a handler; the handler checks for it.
globalThis.awslambda ??= {
  streamifyResponse: (handler) => handler,
  HttpResponseStream: {
    from(stream, metadata) {
      stream.metadata = metadata;
      return stream;
    },
  },
};
