// Acknowledgement latency of a deferred command: the Node artifact gets `/catops slow` (a
// command with `defer: true` that then works for 10 s) at a steady rate, so later requests are
// answered while earlier jobs still run. Slack hangs up after 3 s; every answer must be quick.
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchEnv } from "./lib/env.ts";
import { startServer } from "./lib/proc.ts";
import { slackHeaders, slashCommandBody } from "./lib/slack.mjs";
import type { SlackStub } from "./lib/slack-stub.ts";
import { type Summary, summarize } from "./lib/stats.ts";

export interface AckResult {
  sent: number;
  /** Acknowledgement latency, ms. */
  latency: Summary;
  /** Jobs that posted their late reply before the run ended. */
  completed: number;
  jobMs: number;
  failed: number;
}

function post(
  agent: Agent,
  port: number,
  body: string,
): Promise<{ status: number; ms: number; text: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/slack/events",
        method: "POST",
        agent,
        headers: slackHeaders(body),
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, text }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export async function measureAckLatency(
  artifact: string,
  stub: SlackStub,
  options: { seconds: number; perSecond: number; jobMs: number; log?: (line: string) => void },
): Promise<AckResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "catops-ack-"));
  const server = await startServer([artifact], {
    env: benchEnv(stub.apiUrl, {
      PORT: "0",
      CATOPS_DATA_DIR: dataDir,
      CATOPS_BENCH_SLOW_MS: String(options.jobMs),
    }),
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  const before = stub.counts.get("/response") ?? 0;
  try {
    const body = slashCommandBody("slow", stub.responseUrl);
    const total = options.seconds * options.perSecond;
    const gap = 1000 / options.perSecond;
    const started = performance.now();
    const pending: Promise<{ status: number; ms: number; text: string }>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + i * gap;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(post(agent, server.port, body));
    }
    const answers = await Promise.all(pending);
    const failed = answers.filter((a) => a.status !== 200 || !a.text.includes("Running")).length;
    // The jobs end options.jobMs after their request; give them that, and a little more.
    const deadline = performance.now() + options.jobMs + 5000;
    while ((stub.counts.get("/response") ?? 0) - before < total && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const completed = (stub.counts.get("/response") ?? 0) - before;
    options.log?.(`  acknowledged ${total - failed}/${total}; ${completed} jobs replied late`);
    return {
      sent: total,
      latency: summarize(answers.map((a) => a.ms)),
      completed,
      jobMs: options.jobMs,
      failed,
    };
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
