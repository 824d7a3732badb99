// The goals of issue 22, each with an id (G1–G12), and whether one run of `pnpm bench` meets
// them. render.ts puts them first in BENCHMARKS.md; every table after names the goal it checks.
import type { measureAckLatency } from "../ack-latency.ts";
import type { ColdResult, measureServerColdStarts } from "../cold-start.ts";
import type { DispatchRow } from "../dispatch.bench.ts";
import type { ThroughputResult } from "../throughput.ts";
import type { WarmResult } from "../warm-latency.ts";
import type { measureWorkerd } from "../workerd.ts";
import { AWS_SPLIT, type Artifact, NODE_STREAMED, WEB_STREAMED } from "./artifacts.ts";
import { fixed, kb, ratio } from "./report.ts";
import { median } from "./stats.ts";

export interface Plan {
  quick: boolean;
  coldRuns: number;
  warmRounds: number;
  events: number;
  warmup: number;
  seconds: number;
  warmupSeconds: number;
  throughputRounds: number;
  ackSeconds: number;
  workerdCold: number;
  dispatchMs: number;
}

export interface Results {
  artifacts: Record<string, Artifact>;
  /** The Lambda example with 10, 1,000 and 10,000 commands (`commands-<n>`). */
  withCommands: Record<string, Artifact>;
  cold: ColdResult[];
  coldCommands: ColdResult[];
  serverCold: Awaited<ReturnType<typeof measureServerColdStarts>>;
  warm: WarmResult[];
  workerd: Awaited<ReturnType<typeof measureWorkerd>>;
  throughput: ThroughputResult[];
  /** Whether server and load generator ran on CPUs of their own. */
  pinned: boolean;
  ack: Awaited<ReturnType<typeof measureAckLatency>>;
  dispatch: DispatchRow[];
}

export interface Goal {
  id: string;
  goal: string;
  target: string;
  value: string;
  met: boolean;
}

export const by = <T extends { name: string }>(list: T[], name: string) =>
  list.find((x) => x.name === name)!;
/** Each round's ratio of one server to another. */
export const roundRatios = (server: { rounds: number[] }, base: { rounds: number[] }) =>
  pairedRatios(server, base).map(ratio).join(", ");

/** Each round's figure over the base's in the same round: a slow spell falls on both. */
export const pairedRatios = (server: { rounds: number[] }, base: { rounds: number[] }) =>
  server.rounds.map((value, i) => value / (base.rounds[i] ?? Number.NaN));

export function goals(r: Results): Goal[] {
  const aws = r.artifacts.aws!;
  const bolt = r.artifacts.bolt!;
  const worker = r.artifacts.cloudflare!;
  const coldAws = by(r.cold, "aws");
  const coldNode = by(r.cold, "minimum-node-crypto");
  const coldWeb = by(r.cold, "minimum-web-crypto");
  const warmAws = by(r.warm, "aws");
  const warmMin = by(r.warm, "minimum-node-crypto");
  const wdCatops = by(r.workerd, "catops");
  const wdMin = by(r.workerd, "minimum");
  const bare = by(r.throughput, "node:http");
  const catopsTp = by(r.throughput, "catops");
  const throughputRatio = median(pairedRatios(catopsTp, bare));
  const ten = by(r.coldCommands, "commands-10").importToResponse.median;
  const perCount = (n: number) => by(r.coldCommands, `commands-${n}`).importToResponse.median / ten;
  const dispatchAt = (n: string) =>
    r.dispatch.find((row) => row.task === `dispatch "meow hi", ${n} commands`)!.medianMicros;
  const flat = dispatchAt("10,000") / dispatchAt("10");
  const cpuVsWeb = coldAws.importToResponseCpu.median / coldWeb.importToResponseCpu.median;
  const wallVsNode = coldAws.wall.median / coldNode.wall.median;
  // Where V8 does not take the AWS example's code cache, its split build runs: said beside.
  const split = r.cold.find((c) => c.name === AWS_SPLIT);
  const splitCpu = split
    ? `; the split build ${ratio(split.importToResponseCpu.median / coldWeb.importToResponseCpu.median)}`
    : "";
  const splitWall = split
    ? `; the split build ${ratio(split.wall.median / coldNode.wall.median)}`
    : "";
  const heapRatio = warmAws.heapMiB.median / warmMin.heapMiB.median;
  // The example answers through a response stream; a minimum answering the same way beside it
  // says how much of a ratio is the stream's: G3's (Web Crypto, cold) and G5's (warm).
  const streamedNote = (minimum: number, streamed: number | undefined, catops: number) =>
    streamed === undefined
      ? ""
      : `; the minimum through a response stream ${ratio(streamed / minimum)}, CatOps ${ratio(catops / streamed)} of that`;
  const coldStreamedNote = streamedNote(
    coldWeb.importToResponseCpu.median,
    r.cold.find((c) => c.name === WEB_STREAMED)?.importToResponseCpu.median,
    coldAws.importToResponseCpu.median,
  );
  const warmStreamedNote = streamedNote(
    warmMin.median.median,
    r.warm.find((w) => w.name === NODE_STREAMED)?.median.median,
    warmAws.median.median,
  );
  return [
    {
      id: "G1",
      goal: "Lambda artifact, minified, as the example deploys (alerts wired)",
      target: "≤ 50 KB and ≤ 1/30 of Bolt",
      // The split build: what a cold start loads where V8 does not take the code cache.
      value: `${kb(aws.bytes)}, 1/${fixed(bolt.bytes / aws.bytes, 0)} of Bolt${aws.codeCacheBytes ? `; ${kb(aws.codeCacheBytes)} read with the code cache` : ""}`,
      met: aws.bytes <= 50_000 && aws.bytes * 30 <= bolt.bytes,
    },
    {
      id: "G2",
      goal: "Worker as `wrangler deploy` uploads it, minified: what a cold start loads",
      target: "≤ 80 KB",
      value: kb(worker.bytes),
      met: worker.bytes <= 80_000,
    },
    {
      id: "G3",
      goal: "Cold import → response, CPU, vs the Web Crypto minimum",
      target: "≤ 2x",
      value: `${ratio(cpuVsWeb)} (vs node:crypto ${ratio(coldAws.importToResponseCpu.median / coldNode.importToResponseCpu.median)})${splitCpu}${coldStreamedNote}`,
      met: cpuVsWeb <= 2,
    },
    {
      id: "G4",
      goal: "Cold whole process (spawn → exit), wall, vs the node:crypto minimum",
      target: "≤ 1.15x",
      value: `${ratio(wallVsNode)} (CPU ${ratio(coldAws.processCpu.median / coldNode.processCpu.median)})${splitWall}`,
      met: wallVsNode <= 1.15,
    },
    {
      id: "G5",
      goal: "Warm per event, Lambda, vs the node:crypto minimum; heap after the events",
      target: "≤ 2.5x; heap ≤ 2x",
      // Each round runs every contender back to back: its ratio is paired, the machine's slow
      // spells falling on both.
      value: `${ratio(warmAws.median.median / warmMin.median.median)} (by round: ${roundRatios({ rounds: warmAws.medians }, { rounds: warmMin.medians })}); heap ${ratio(heapRatio)}${warmStreamedNote}`,
      met: warmAws.median.median <= 2.5 * warmMin.median.median && heapRatio <= 2,
    },
    {
      id: "G6",
      goal: "Warm per event, workerd, vs the Web Crypto minimum",
      target: "≤ 1.25x",
      value: ratio(wdCatops.perEvent.median / wdMin.perEvent.median),
      met: wdCatops.perEvent.median <= 1.25 * wdMin.perEvent.median,
    },
    {
      id: "G7",
      goal: `Node adapter throughput vs bare node:http${r.pinned ? ", pinned" : " (not pinned: no taskset)"}`,
      target: "≥ 0.8x, no errors",
      // Judged by the median of the paired round ratios: the machine's speed drifts by a third
      // over a run, and a ratio of means lets one slow round decide it.
      value: `${ratio(throughputRatio)} (median of rounds: ${roundRatios(catopsTp, bare)}; of means ${ratio(catopsTp.rps.mean / bare.rps.mean)}), ${catopsTp.errors + catopsTp.non2xx} errors`,
      met: throughputRatio >= 0.8 && catopsTp.errors + catopsTp.non2xx === 0,
    },
    {
      id: "G8",
      goal: "Deferred acknowledgement p99 (jobs of 10 s)",
      target: "< 50 ms",
      value: `${fixed(r.ack.latency.p99)} ms`,
      met: r.ack.latency.p99 < 50 && r.ack.failed === 0,
    },
    {
      id: "G9",
      goal: "Cold import → response with 1,000 / 10,000 commands vs 10",
      target: "≤ 1.2x / ≤ 2x",
      value: `${ratio(perCount(1_000))} / ${ratio(perCount(10_000))}`,
      met: perCount(1_000) <= 1.2 && perCount(10_000) <= 2,
    },
    {
      id: "G10",
      goal: "Dispatch, 10,000 vs 10 commands",
      target: "≤ 1.2x",
      value: ratio(flat),
      met: flat <= 1.2,
    },
    {
      id: "G11",
      goal: "Peak RSS, cold, vs the node:crypto minimum",
      target: "≤ 1.05x",
      value: ratio(coldAws.rssMiB.median / coldNode.rssMiB.median),
      met: coldAws.rssMiB.median <= 1.05 * coldNode.rssMiB.median,
    },
    {
      id: "G12",
      goal: "Network calls before the acknowledgement",
      target: "none",
      value: "none (test/no-network-before-ack.test.ts)",
      met: true,
    },
  ];
}
