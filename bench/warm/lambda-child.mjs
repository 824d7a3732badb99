// Warm latency, in one process driven by the parent a batch at a time: import a Lambda
// artifact, then answer the parent's lines on stdin, each event timed one at a time:
//   warm <n>   run n events untimed, then print the result mark and `{}`
//   run <n>    run n events, then print the result mark and their times in µs
//   end        print the result mark and the heap's size (V8's heapTotal) and use, and exit
// The parent keeps every contender's process alive and gives them batches in turn, so a slow
// spell of the machine falls on all of them alike, while each keeps a heap of its own.
// Usage: node lambda-child.mjs <artifact.mjs> <event.json>
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { installLambdaStreaming } from "../../test/aws/lambda-streaming.mjs";
import { timedInvocation } from "./invoke.mjs";

const [artifact, eventFile] = process.argv.slice(2);
const eventJson = readFileSync(eventFile, "utf8");
const contextJson = readFileSync(`${eventFile}.context.json`, "utf8");
// Lambda's runtime has its streaming API in place before it loads any handler (stood in for).
installLambdaStreaming();
const { handler } = await import(pathToFileURL(artifact).href);

let invoked = 0;
const once = () => timedInvocation(handler, eventJson, contextJson, `bench-${invoked++}`);
const reply = (result) =>
  new Promise((done) => process.stdout.write(`\n@@bench-result ${JSON.stringify(result)}\n`, done));

for await (const line of createInterface({ input: process.stdin })) {
  const [verb, countArg] = line.trim().split(" ");
  const count = Number(countArg);
  if (verb === "warm") {
    for (let i = 0; i < count; i++) await once();
    await reply({});
  } else if (verb === "run") {
    const micros = new Float64Array(count);
    for (let i = 0; i < count; i++) micros[i] = (await once()) * 1000;
    await reply({ micros: [...micros].map((v) => Math.round(v * 100) / 100) });
  } else if (verb === "end") {
    const { heapTotal, heapUsed } = process.memoryUsage();
    await reply({ heapMiB: heapTotal / 2 ** 20, heapUsedMiB: heapUsed / 2 ** 20 });
    process.exit(0);
  } else throw new Error(`unknown command: ${line}`);
}
