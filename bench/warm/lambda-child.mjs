// Warm latency, in one process: import a Lambda artifact, warm it up, then time each of
// `count` events one at a time. Prints every event's time in µs after the result mark, and the
// heap's size (V8's heapTotal) and use after them.
// Usage: node lambda-child.mjs <artifact.mjs> <event.json> <count> <warmup>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { installLambdaStreaming } from "../../test/aws/lambda-streaming.mjs";
import { timedInvocation } from "./invoke.mjs";

const [artifact, eventFile, countArg, warmupArg] = process.argv.slice(2);
const count = Number(countArg);
const warmup = Number(warmupArg);
const eventJson = readFileSync(eventFile, "utf8");
const contextJson = readFileSync(`${eventFile}.context.json`, "utf8");
// Lambda's runtime has its streaming API in place before it loads any handler (stood in for).
installLambdaStreaming();
const { handler } = await import(pathToFileURL(artifact).href);

const once = (index) => timedInvocation(handler, eventJson, contextJson, `bench-${index}`);

for (let i = 0; i < warmup; i++) await once(i);
const micros = new Float64Array(count);
for (let i = 0; i < count; i++) micros[i] = (await once(warmup + i)) * 1000;
const { heapTotal, heapUsed } = process.memoryUsage();
const result = {
  micros: [...micros].map((v) => Math.round(v * 100) / 100),
  heapMiB: heapTotal / 2 ** 20,
  heapUsedMiB: heapUsed / 2 ** 20,
};
process.stdout.write(`\n@@bench-result ${JSON.stringify(result)}\n`, () => process.exit(0));
