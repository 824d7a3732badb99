// Runs inside a generated AWS project: the built handler, invoked as Lambda would invoke it
// through its streaming function URL with the event in the file named by argv[2]. Prints the
// answer as JSON, and whether V8's code cache was taken (undefined: the split build alone).
import { readFileSync } from "node:fs";

// Lambda's streaming runtime API, stood in for by test/aws/lambda-streaming.mjs (this script is
// copied into the project, so the test names that file).
const { installLambdaStreaming, invokeStreaming } = await import(process.env.LAMBDA_STREAMING);

installLambdaStreaming();
const { handler, codeCache } = await import(`${process.cwd()}/dist/handler.mjs`);
const event = JSON.parse(readFileSync(process.argv[2], "utf8"));
const started = Date.now();
const context = {
  functionName: "catops",
  awsRequestId: "init-check",
  getRemainingTimeInMillis: () => 30_000 - (Date.now() - started),
};
const { statusCode, headers, body, endedAt } = await invokeStreaming(handler, event, context);
await endedAt;
console.log(JSON.stringify({ statusCode, headers, body, codeCache }));
