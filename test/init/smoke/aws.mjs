// Runs inside a generated AWS project: the built handler, invoked as Lambda would invoke it with
// the API Gateway event in the file named by argv[2]. Prints the result as JSON.
import { readFileSync } from "node:fs";

const { handler } = await import(`${process.cwd()}/dist/handler.mjs`);
const event = JSON.parse(readFileSync(process.argv[2], "utf8"));
const started = Date.now();
const context = {
  functionName: "catops",
  awsRequestId: "init-check",
  getRemainingTimeInMillis: () => 30_000 - (Date.now() - started),
};
console.log(JSON.stringify(await handler(event, context)));
