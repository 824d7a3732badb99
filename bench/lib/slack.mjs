// Signed Slack slash commands, as Slack sends them, for every measurement: the documented form
// body with the command and text replaced, signed with the bench's signing secret, and wrapped
// in an API Gateway HTTP API (payload 2.0) event from the captured fixture.
import { createHmac, randomUUID } from "node:crypto";
import { vendorJson, vendorText } from "../../test/fixtures/vendor.mjs";

export const SIGNING_SECRET = "bench-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-bench-0000000000";
/** What every contender answers to `/catops hi`. */
export const HI_REPLY = "Meow!";

/** The documented slash-command form body with `/catops <text>`. */
export function slashCommandBody(text, responseUrl) {
  const form = new URLSearchParams(vendorText("slack/slash-command-docs-example.txt").trim());
  form.set("command", "/catops");
  form.set("text", text);
  if (responseUrl) form.set("response_url", responseUrl);
  return form.toString();
}

/** Slack's v0 signature headers for `body`. */
export function slackHeaders(body, secret = SIGNING_SECRET, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(Buffer.byteLength(body)),
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": `v0=${signature}`,
  };
}

const v2Fixture = vendorJson("aws/apigw-v2-http-api-request-no-authorizer.aws-lambda-go.json");

/** A signed `/catops <text>` in an HTTP API (payload 2.0) event, body base64 as API Gateway sends forms. */
export function apiGatewayV2Event(text, { path = "/slack/events", responseUrl, functionUrl } = {}) {
  const body = slashCommandBody(text, responseUrl);
  return {
    ...v2Fixture,
    routeKey: `POST ${path}`,
    rawPath: path,
    rawQueryString: "",
    queryStringParameters: undefined,
    cookies: undefined,
    headers: { ...v2Fixture.headers, ...slackHeaders(body) },
    requestContext: {
      ...v2Fixture.requestContext,
      // A function URL sends the same payload 2.0 event from its own domain.
      ...(functionUrl ? { domainName: "abc123.lambda-url.us-east-1.on.aws" } : {}),
      http: { ...v2Fixture.requestContext.http, method: "POST", path },
      requestId: randomUUID(),
      routeKey: `POST ${path}`,
      timeEpoch: Date.now(),
    },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  };
}

/** A Lambda context object for one invocation. */
export function lambdaContext() {
  return {
    functionName: "catops-bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:catops-bench",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/catops-bench",
    logStreamName: "bench",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  };
}
