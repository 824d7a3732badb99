// The Worker artifacts in workerd (through miniflare, the runtime wrangler uses): per-event
// time in batches, after a warm-up, for the CatOps example and the hand-written minimum; and
// the first answer of a freshly started Worker.
import { readFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { slackHeaders, slashCommandBody, SIGNING_SECRET, BOT_TOKEN } from "./lib/slack.mjs";
import { type Summary, summarize } from "./lib/stats.ts";

const HARNESS = readFileSync(
  fileURLToPath(new URL("./workerd/harness.mjs", import.meta.url)),
  "utf8",
);

export interface WorkerdResult {
  name: string;
  /** Per-event µs, as batch means. */
  perEvent: Summary;
  /** Each batch's mean, in the order the rounds ran: paired by index with the other Worker's. */
  batches: number[];
  /** New Miniflare to the first answer, ms. */
  firstAnswer: Summary;
}

/**
 * The harness, the Worker's entry as ./target.mjs and, for a split Worker, its chunks at their
 * paths relative to the entry, so the entry's imports find them.
 */
function modulesOf([entry, ...chunks]: readonly string[]) {
  return [
    { type: "ESModule" as const, path: "harness.mjs", contents: HARNESS },
    { type: "ESModule" as const, path: "target.mjs", contents: readFileSync(entry!, "utf8") },
    ...chunks.map((chunk) => ({
      type: "ESModule" as const,
      path: relative(dirname(entry!), chunk),
      contents: readFileSync(chunk, "utf8"),
    })),
  ];
}

function miniflare(artifact: readonly string[], slackApiUrl: string): Miniflare {
  return new Miniflare({
    modules: modulesOf(artifact),
    compatibilityDate: "2024-09-23",
    bindings: {
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      CATOPS_SLACK_API_URL: slackApiUrl,
    },
    d1Databases: { DB: "00000000-0000-0000-0000-000000000000" },
    queueProducers: { JOBS: "catops-jobs" },
  });
}

async function runBatches(mf: Miniflare, batches: number, batchSize: number): Promise<number[]> {
  const body = slashCommandBody("hi");
  // With its Content-Length, as Slack sends it.
  const headers = slackHeaders(body);
  const response = await mf.dispatchFetch("http://bench.local/", {
    method: "POST",
    body: JSON.stringify({
      url: "https://catops.example/slack/events",
      headers,
      body,
      batches,
      batchSize,
    }),
  });
  if (response.status !== 200)
    throw new Error(`harness answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as number[];
}

/** Each Worker's modules, the entry first. */
export async function measureWorkerd(
  artifacts: Record<string, readonly string[]>,
  options: {
    events: number;
    batchSize: number;
    coldRuns: number;
    slackApiUrl: string;
    log?: (line: string) => void;
  },
): Promise<WorkerdResult[]> {
  const results: WorkerdResult[] = [];
  const cold = new Map<string, number[]>(Object.keys(artifacts).map((name) => [name, []]));
  for (let run = 0; run < options.coldRuns; run++) {
    for (const [name, artifact] of Object.entries(artifacts)) {
      const started = performance.now();
      const mf = miniflare(artifact, options.slackApiUrl);
      try {
        await runBatches(mf, 1, 1);
        cold.get(name)!.push(performance.now() - started);
      } finally {
        await mf.dispose();
      }
    }
  }
  // Every Worker kept running, and the rounds alternate between them, so a slow spell of the
  // machine falls on all alike: each round is one batch per Worker, who goes first turning.
  const running = Object.entries(artifacts).map(([name, artifact]) => ({
    name,
    mf: miniflare(artifact, options.slackApiUrl),
    perEvent: [] as number[],
  }));
  try {
    for (const worker of running) await runBatches(worker.mf, 3, options.batchSize); // warm-up
    const rounds = Math.ceil(options.events / options.batchSize);
    for (let round = 0; round < rounds; round++)
      for (let k = 0; k < running.length; k++) {
        const worker = running[(k + round) % running.length]!;
        worker.perEvent.push(...(await runBatches(worker.mf, 1, options.batchSize)));
      }
    for (const worker of running) {
      const result = {
        name: worker.name,
        perEvent: summarize(worker.perEvent),
        batches: worker.perEvent,
        firstAnswer: summarize(cold.get(worker.name)!),
      };
      results.push(result);
      options.log?.(`  workerd ${worker.name}: ${result.perEvent.median.toFixed(1)} µs per event`);
    }
  } finally {
    for (const worker of running) await worker.mf.dispose();
  }
  return results;
}
