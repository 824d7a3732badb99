// One cold start, in a fresh process: import a Lambda artifact, hand it one signed slash
// command in a function URL event, check the answer, print the timings and exit.
// Usage: node lambda-child.mjs <artifact.mjs> <event.json>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { installLambdaStreaming, invokeAsFunctionUrl } from "../../test/aws/lambda-streaming.mjs";

const [artifact, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const context = JSON.parse(readFileSync(`${eventFile}.context.json`, "utf8"));
context.getRemainingTimeInMillis = () => 30_000;

// Lambda's runtime sets up its own logging before it loads a handler: stdout and stderr are
// ready for every contender alike, and creating them is not counted.
void process.stdout;
void process.stderr;

const cpuAtStart = process.cpuUsage();
const started = performance.now();
// Lambda's runtime has its streaming API in place before it loads any handler (stood in for).
installLambdaStreaming();
const { handler } = await import(pathToFileURL(artifact).href);
const imported = performance.now();
// Every contender is invoked as a streaming function URL invokes it; the answer is complete when
// its stream ends (CatOps streams; the others answer buffered).
const result = await invokeAsFunctionUrl(handler, event, context);
const answered = performance.now();
await result?.endedAt;
const cpu = process.cpuUsage(cpuAtStart);
const cpuTotal = process.cpuUsage();
const body =
  typeof result?.body === "string" && result.isBase64Encoded
    ? Buffer.from(result.body, "base64").toString("utf8")
    : result?.body;
if (result?.statusCode !== 200 || !String(body).includes("Meow!"))
  throw new Error(`unexpected answer: ${JSON.stringify(result).slice(0, 300)}`);
process.stdout.write(
  `\n@@bench-result ${JSON.stringify({
    bootMs: started,
    importMs: imported - started,
    handleMs: answered - imported,
    importToResponseMs: answered - started,
    // CPU (user + system) the process spent, on import → response and on everything to it.
    importToResponseCpuMs: (cpu.user + cpu.system) / 1000,
    processCpuMs: (cpuTotal.user + cpuTotal.system) / 1000,
    startToResponseMs: answered,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
  () => process.exit(0),
);
