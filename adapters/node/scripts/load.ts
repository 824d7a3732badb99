// Load test of the Node adapter: signed Slack slash commands for `hi`, 10 connections for 10 s
// on loopback, against the CatOps server and a bare node:http server doing the same work
// (verify the signature, answer the reply). Each server runs in its own process.
//
//   npx tsx adapters/node/scripts/load.ts [seconds] [connections]
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { silentLogger } from "@catops/core";
import autocannon from "autocannon";
import { slackHeaders, slashCommandBody } from "../test/slack.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const REPLY = JSON.stringify({ text: "Meow!", response_type: "in_channel" });

async function serveCatOps(): Promise<number> {
  const { createNodeBot, serve } = await import("../src/index.ts");
  const bot = await createNodeBot({
    plugins: [{ file: "load.ts", exports: { hi: () => "Meow!" } }],
    store: "memory",
    logger: silentLogger,
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-load" },
  });
  return (await serve(bot, { port: 0, env: {} })).port;
}

async function serveBare(): Promise<number> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const timestamp = String(req.headers["x-slack-request-timestamp"]);
    const expected = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
    const given = String(req.headers["x-slack-signature"]);
    const valid =
      given.length === expected.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    const text = new URLSearchParams(body).get("text");
    if (!valid || text !== "hi") {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(REPLY);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Starts `kind` in a child process and resolves to its port. */
function startChild(kind: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "serve", kind],
    {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (chunk) => resolve({ child, port: Number(String(chunk).trim()) }));
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function measure(kind: string, seconds: number, connections: number) {
  const { child, port } = await startChild(kind);
  const body = slashCommandBody({ text: "hi", response_url: "http://127.0.0.1:9/unused" });
  // One signature serves the whole run: Slack's window is five minutes.
  const headers = slackHeaders(SECRET, body);
  const check = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: "POST",
    headers,
    body,
  });
  const answer = await check.text();
  if (!answer.includes("Meow!")) throw new Error(`${kind} answered ${check.status}: ${answer}`);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    method: "POST",
    headers,
    body,
    connections,
    duration: seconds,
  });
  child.kill("SIGTERM");
  return {
    server: kind,
    "req/s (mean)": Math.round(result.requests.average),
    "p50 ms": result.latency.p50,
    "p99 ms": result.latency.p99,
    "max ms": result.latency.max,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

if (process.argv[2] === "serve") {
  const port = process.argv[3] === "bare" ? await serveBare() : await serveCatOps();
  process.stdout.write(`${port}\n`);
  // A clean exit, so `node --cpu-prof` can write its profile.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
} else {
  const seconds = Number(process.argv[2] ?? 10);
  const connections = Number(process.argv[3] ?? 10);
  const rows = [];
  for (const kind of ["catops", "bare"]) rows.push(await measure(kind, seconds, connections));
  console.log(
    `Signed slash command "hi", ${connections} connections, ${seconds} s, loopback, Node ${process.version}`,
  );
  console.table(rows);
}
