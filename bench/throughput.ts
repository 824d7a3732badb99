// Node servers under load on loopback: each server in a child process of its own, autocannon in
// another, one after the other in the same run. Every server verifies the Slack signature of
// the same signed `/catops hi` and answers it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEnv } from "./lib/env.ts";
import { canPin, runNode, startServer, WARM_CPU } from "./lib/proc.ts";
import { slackHeaders, slashCommandBody } from "./lib/slack.mjs";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const AUTOCANNON = here("./throughput/autocannon-child.mjs");
/** Where autocannon runs: any CPU but the server's. */
const LOAD_CPU = WARM_CPU === 0 ? 1 : 0;

export interface Server {
  name: string;
  /** Arguments to `node`. */
  args: string[];
  path: string;
}

export const SERVERS = (catopsArtifact: string): Server[] => [
  { name: "node:http", args: [here("./minimum/server.mjs")], path: "/slack/events" },
  { name: "hono", args: [here("./hono/server.mjs")], path: "/slack/events" },
  { name: "bolt", args: [here("./bolt/http-server.mjs")], path: "/slack/events" },
  { name: "catops", args: [catopsArtifact], path: "/slack/events" },
];

interface AutocannonSummary {
  requests: { average: number; min: number; max: number; total: number; p50: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  total: number;
}

export interface ThroughputResult {
  name: string;
  /** Requests per second: the mean over the rounds, and the slowest and fastest second. */
  rps: { mean: number; min: number; max: number };
  /** Each round's mean. */
  rounds: number[];
  latencyMs: { p50: number; p99: number };
  errors: number;
  non2xx: number;
  total: number;
}

export async function measureThroughput(
  servers: Server[],
  options: {
    seconds: number;
    warmupSeconds: number;
    connections: number;
    /** Rounds, each running every server once in turn, so a busy moment hits all alike. */
    rounds: number;
    slackApiUrl: string;
    log?: (line: string) => void;
  },
): Promise<ThroughputResult[]> {
  const perServer = new Map<string, ThroughputResult[]>(servers.map((s) => [s.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < servers.length; k++) {
      const server = servers[(k + round) % servers.length]!;
      const entry = await measureOnce(server, options);
      perServer.get(server.name)!.push(entry);
      options.log?.(
        `  ${server.name} round ${round + 1}: ${Math.round(entry.rps.mean)} req/s (errors ${entry.errors}, non-2xx ${entry.non2xx})`,
      );
    }
  }
  return servers.map((server) => {
    const runs = perServer.get(server.name)!;
    const sum = (pick: (r: ThroughputResult) => number) => runs.reduce((t, r) => t + pick(r), 0);
    return {
      name: server.name,
      rps: {
        mean: sum((r) => r.rps.mean) / runs.length,
        min: Math.min(...runs.map((r) => r.rps.min)),
        max: Math.max(...runs.map((r) => r.rps.max)),
      },
      rounds: runs.map((r) => r.rps.mean),
      latencyMs: {
        p50: Math.max(...runs.map((r) => r.latencyMs.p50)),
        p99: Math.max(...runs.map((r) => r.latencyMs.p99)),
      },
      errors: sum((r) => r.errors),
      non2xx: sum((r) => r.non2xx),
      total: sum((r) => r.total),
    };
  });
}

async function measureOnce(
  server: Server,
  options: { seconds: number; warmupSeconds: number; connections: number; slackApiUrl: string },
): Promise<ThroughputResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "catops-throughput-"));
  // The server on the CPU the warm bench uses (the one with fewer slow spells here), the load
  // generator on another: neither takes the other's core.
  const pin = (cpu: number) => (canPin ? cpu : undefined);
  const running = await startServer(server.args, {
    env: benchEnv(options.slackApiUrl, { PORT: "0", CATOPS_DATA_DIR: dataDir }),
    cpu: pin(WARM_CPU),
  });
  try {
    const body = slashCommandBody("hi");
    // autocannon sets content-length itself; a second one makes servers refuse the request.
    const { "content-length": _length, ...headers } = slackHeaders(body);
    const load = (duration: number) =>
      runNode<AutocannonSummary>(
        [
          AUTOCANNON,
          JSON.stringify({
            url: `http://127.0.0.1:${running.port}${server.path}`,
            method: "POST",
            headers,
            body,
            connections: options.connections,
            duration,
          }),
        ],
        { env: { PATH: process.env.PATH }, timeoutMs: (duration + 30) * 1000, cpu: pin(LOAD_CPU) },
      );
    await load(options.warmupSeconds);
    const { result } = await load(options.seconds);
    return {
      name: server.name,
      rps: { mean: result.requests.average, min: result.requests.min, max: result.requests.max },
      rounds: [result.requests.average],
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      total: result.total,
    };
  } finally {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
