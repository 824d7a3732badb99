// Warm latency paired in one process: every Lambda artifact named is imported into this one
// process and they take turns, a batch of events each, so a busy moment of the machine falls on
// all of them alike. Prints each artifact's median of batch medians and, for each after the
// first, the median (and quartiles) of its per-batch ratio to the first. Used to measure a change
// against the commit before it when the machine is too noisy for `pnpm bench`'s own processes.
// Usage (from bench/, with the bench's environment: see lib/env.ts):
//   pnpm exec tsx warm/paired.ts <minimum.mjs> <before/handler.mjs> <after/handler.mjs> ...
import { pathToFileURL } from "node:url";
import { installLambdaStreaming } from "../../test/aws/lambda-streaming.mjs";
import { timedInvocation } from "./invoke.mjs";
import { apiGatewayV2Event, lambdaContext } from "../lib/slack.mjs";
import { median, quantile } from "../lib/stats.ts";

const ROUNDS = 30;
const BATCH = 1_000;
const WARMUP = 3_000;

const artifacts = process.argv.slice(2);
if (artifacts.length < 2)
  throw new Error("usage: tsx warm/paired.ts <artifact.mjs> <artifact.mjs> ...");
installLambdaStreaming();
const handlers: ((event: unknown, context: unknown) => Promise<unknown>)[] = [];
for (const artifact of artifacts)
  handlers.push((await import(pathToFileURL(artifact).href)).handler);

// Signed now, so the whole run stays inside Slack's five-minute window.
const eventJson = JSON.stringify(apiGatewayV2Event("hi", { functionUrl: true }));
const contextJson = JSON.stringify(lambdaContext());
let invocation = 0;
const once = async (handler: (typeof handlers)[number]) =>
  (await timedInvocation(handler, eventJson, contextJson, `paired-${invocation++}`)) * 1000;

for (const handler of handlers) for (let i = 0; i < WARMUP; i++) await once(handler);
const batchMedians: number[][] = artifacts.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < handlers.length; k++) {
    const index = (k + round) % handlers.length;
    const micros: number[] = [];
    for (let i = 0; i < BATCH; i++) micros.push(await once(handlers[index]!));
    batchMedians[index]!.push(median(micros));
  }
}
for (const [index, artifact] of artifacts.entries())
  console.log(`${artifact}: ${median(batchMedians[index]!).toFixed(2)} µs`);
for (let index = 1; index < artifacts.length; index++) {
  const ratios = batchMedians[index]!.map((value, round) => value / batchMedians[0]![round]!).sort(
    (a, b) => a - b,
  );
  console.log(
    `${artifacts[index]} vs ${artifacts[0]}: ${median(ratios).toFixed(3)}x ` +
      `(quartiles ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)})`,
  );
}
process.exit(0);
