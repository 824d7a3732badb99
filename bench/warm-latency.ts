// Warm latency: per-event time of each Lambda artifact over `count` events after a warm-up, in
// a process of its own per contender and round, each on the same CPU where taskset runs. Rounds
// are interleaved like the cold starts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEnv } from "./lib/env.ts";
import { canPin, runNode, WARM_CPU } from "./lib/proc.ts";
import { apiGatewayV2Event, lambdaContext } from "./lib/slack.mjs";
import { type Summary, summarize } from "./lib/stats.ts";

const CHILD = fileURLToPath(new URL("./warm/lambda-child.mjs", import.meta.url));

export interface WarmResult {
  name: string;
  /** Per-event µs, each round's median and p99. */
  medians: number[];
  p99s: number[];
  median: Summary;
  p99: Summary;
  /** V8 heap size (heapTotal) after the events, MiB, per round. */
  heapMiB: Summary;
}

export async function measureLambdaWarm(
  artifacts: Record<string, string>,
  options: {
    rounds: number;
    count: number;
    warmup: number;
    slackApiUrl: string;
    log?: (line: string) => void;
  },
): Promise<WarmResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "catops-warm-"));
  const env = benchEnv(options.slackApiUrl);
  const names = Object.keys(artifacts);
  const perName = new Map(
    names.map((name) => [
      name,
      { medians: [] as number[], p99s: [] as number[], heaps: [] as number[] },
    ]),
  );
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length]!;
        const eventFile = join(dir, `${name}-${round}.json`);
        writeFileSync(eventFile, JSON.stringify(apiGatewayV2Event("hi", { functionUrl: true })));
        writeFileSync(`${eventFile}.context.json`, JSON.stringify(lambdaContext()));
        const { result } = await runNode<{ micros: number[]; heapMiB: number }>(
          [CHILD, artifacts[name]!, eventFile, String(options.count), String(options.warmup)],
          { env, timeoutMs: 300_000, cpu: canPin ? WARM_CPU : undefined },
        );
        const summary = summarize(result.micros);
        perName.get(name)!.medians.push(summary.median);
        perName.get(name)!.p99s.push(summary.p99);
        perName.get(name)!.heaps.push(result.heapMiB);
        options.log?.(
          `  warm ${name} round ${round + 1}: median ${summary.median.toFixed(1)} µs, p99 ${summary.p99.toFixed(1)} µs`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return names.map((name) => {
    const { medians, p99s, heaps } = perName.get(name)!;
    return {
      name,
      medians,
      p99s,
      median: summarize(medians),
      p99: summarize(p99s),
      heapMiB: summarize(heaps),
    };
  });
}
