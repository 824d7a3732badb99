// Warm latency: per-event time of each Lambda artifact over `count` events after a warm-up. In
// each round every contender has a process of its own, all on the one CPU where taskset runs,
// kept alive side by side; they take turns a batch of events at a time, so a slow spell of the
// machine (here its speed changes within seconds) falls on every contender alike, and the ratios
// between them are paired batch by batch. Each process keeps its own heap, measured after its
// events.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEnv } from "./lib/env.ts";
import { canPin, type DrivenChild, driveNode, WARM_CPU } from "./lib/proc.ts";
import { apiGatewayV2Event, lambdaContext } from "./lib/slack.mjs";
import { median, type Summary, summarize } from "./lib/stats.ts";

const CHILD = fileURLToPath(new URL("./warm/lambda-child.mjs", import.meta.url));

export interface WarmResult {
  name: string;
  /** Per-event µs, each round's median and p99. */
  medians: number[];
  /** Each batch's median µs, every round's batches in the order they ran: paired by index. */
  batches: number[];
  p99s: number[];
  median: Summary;
  p99: Summary;
  /** V8 heap size (heapTotal) after the events, MiB, per round. */
  heapMiB: Summary;
}

/** Events per batch: a few tens of milliseconds of the slowest contender's events. */
export const WARM_BATCH = 500;

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
      {
        medians: [] as number[],
        p99s: [] as number[],
        heaps: [] as number[],
        batches: [] as number[],
      },
    ]),
  );
  try {
    for (let round = 0; round < options.rounds; round++) {
      const children = new Map<string, DrivenChild>();
      try {
        for (const name of names) {
          // Signed now: the round stays inside Slack's five-minute window.
          const eventFile = join(dir, `${name}-${round}.json`);
          writeFileSync(eventFile, JSON.stringify(apiGatewayV2Event("hi", { functionUrl: true })));
          writeFileSync(`${eventFile}.context.json`, JSON.stringify(lambdaContext()));
          children.set(
            name,
            driveNode([CHILD, artifacts[name]!, eventFile], {
              env,
              timeoutMs: 120_000,
              cpu: canPin ? WARM_CPU : undefined,
            }),
          );
        }
        for (const name of names) await children.get(name)!.ask(`warm ${options.warmup}`);
        const micros = new Map<string, number[]>(names.map((name) => [name, []]));
        for (let batch = 0; batch * WARM_BATCH < options.count; batch++) {
          const size = Math.min(WARM_BATCH, options.count - batch * WARM_BATCH);
          // Who goes first turns with every batch, so no contender always follows the same one.
          for (let k = 0; k < names.length; k++) {
            const name = names[(k + batch + round) % names.length]!;
            const answer = await children.get(name)!.ask<{ micros: number[] }>(`run ${size}`);
            micros.get(name)!.push(...answer.micros);
            perName.get(name)!.batches.push(median(answer.micros));
          }
        }
        for (const name of names) {
          const { heapMiB } = await children.get(name)!.ask<{ heapMiB: number }>("end");
          const summary = summarize(micros.get(name)!);
          perName.get(name)!.medians.push(summary.median);
          perName.get(name)!.p99s.push(summary.p99);
          perName.get(name)!.heaps.push(heapMiB);
          options.log?.(
            `  warm ${name} round ${round + 1}: median ${summary.median.toFixed(1)} µs, p99 ${summary.p99.toFixed(1)} µs`,
          );
        }
      } finally {
        for (const child of children.values()) child.kill();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return names.map((name) => {
    const { medians, p99s, heaps, batches } = perName.get(name)!;
    return {
      name,
      medians,
      batches,
      p99s,
      median: summarize(medians),
      p99: summarize(p99s),
      heapMiB: summarize(heaps),
    };
  });
}
