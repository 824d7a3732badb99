// No network call before the acknowledgement, ever: a cold slash command is verified, run and
// answered before CatOps opens any connection (Bolt calls auth.test when it starts; CatOps
// never needs Slack, a store or a cloud API to answer a command that needs none). `help` may
// read the store (it leads with the suggestions for an alert firing in the channel) but never
// calls Slack. Runs the deployable artifact in fresh processes with every connection recorded.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildArtifact, linkExternals } from "../bench/lib/artifacts.ts";
import { apiGatewayV2Event, lambdaContext, SIGNING_SECRET } from "../bench/lib/slack.mjs";

/** Closed loopback ports standing in for DynamoDB and for Slack's Web API. */
const STORE = "127.0.0.1:9";
const SLACK = "127.0.0.1:10";
const RECORDER = fileURLToPath(new URL("./support/record-connections.mjs", import.meta.url));
/** Lambda's streaming runtime API, stood in for: the example answers Slack on its function URL. */
const STREAMING = new URL("./aws/lambda-streaming.mjs", import.meta.url).href;

// In the child: import the artifact, answer one event, then make one call of its own (proof
// that the recorder sees fetch), and print when the answer came and every connection opened.
const CHILD = `
import { readFileSync } from "node:fs";
const [artifact, eventFile, probeUrl, streamingModule] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const context = { ...JSON.parse(readFileSync(eventFile + ".context.json", "utf8")), getRemainingTimeInMillis: () => 30000 };
const { installLambdaStreaming, invokeStreaming } = await import(streamingModule);
installLambdaStreaming();
const { handler } = await import(artifact);
const result = await invokeStreaming(handler, event, context);
const answeredAt = performance.now();
await result.endedAt;
await (await fetch(probeUrl)).text();
process.stdout.write("\\n@@result " + JSON.stringify({ result, answeredAt, connections: globalThis.__catopsConnections }) + "\\n");
`;

let dir: string;
let artifact: string;
let probe: Server;
let probeUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "catops-no-network-"));
  const built = await buildArtifact("aws", dir);
  artifact = built!.file;
  linkExternals(dir);
  writeFileSync(join(dir, "child.mjs"), CHILD);
  probe = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/probe`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => probe?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ChildReport {
  result: { statusCode: number; body: string };
  answeredAt: number;
  connections: { at: number; target: string }[];
}

function coldRun(text: string): Promise<ChildReport> {
  const eventFile = join(dir, `event-${text.replace(/\W/g, "_")}.json`);
  writeFileSync(eventFile, JSON.stringify(apiGatewayV2Event(text, { functionUrl: true })));
  writeFileSync(`${eventFile}.context.json`, JSON.stringify(lambdaContext()));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", RECORDER, join(dir, "child.mjs"), artifact, eventFile, probeUrl, STREAMING],
      {
        env: {
          PATH: process.env.PATH,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: "xoxb-no-network",
          CATOPS_TABLE_NAME: "catops-no-network",
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "test",
          AWS_SECRET_ACCESS_KEY: "test",
          // Any store or SDK call would go here, and be recorded, never out of the machine.
          AWS_ENDPOINT_URL: `http://${STORE}`,
          CATOPS_SLACK_API_URL: `http://${SLACK}/api`,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@result "));
      if (code !== 0 || !line) reject(new Error(`child exited with ${code}: ${err}${out}`));
      else resolve(JSON.parse(line.slice("@@result ".length)));
    });
  });
}

describe("a cold slash command on the Lambda artifact", () => {
  it.each(["hi", "whoami"])(
    "answers `/catops %s` before opening any connection",
    async (text) => {
      const report = await coldRun(text);
      expect(report.result.statusCode).toBe(200);
      const before = report.connections.filter((c) => c.at <= report.answeredAt);
      expect(before).toEqual([]);
      // The recorder works: the child's own call after the answer was seen.
      expect(report.connections.map((c) => c.target)).toContain(
        probeUrl.replace("http://", "").replace("/probe", ""),
      );
    },
    30_000,
  );

  it("answers `/catops help` having called nothing but the store", async () => {
    const report = await coldRun("help");
    expect(report.result.statusCode).toBe(200);
    expect(JSON.parse(report.result.body).text).toContain("`hi`");
    const before = report.connections.filter((c) => c.at <= report.answeredAt);
    expect(before.filter((c) => c.target !== STORE)).toEqual([]);
    expect(report.connections.map((c) => c.target)).not.toContain(SLACK);
  }, 30_000);
});
