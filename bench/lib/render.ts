// Lays the figures of one `pnpm bench` run out as the generated section of BENCHMARKS.md: the
// goals first (goals.ts), then one table per measurement whose rows name the goal they check.
import { cpus, totalmem, type as osType, release } from "node:os";
import { AWS_SPLIT, BUDGETED, TARGETS } from "./artifacts.ts";
import type { DispatchRow } from "../dispatch.bench.ts";
import {
  by,
  coldVersus,
  dispatchRow,
  goals,
  type Plan,
  pairedMedian,
  type Results,
  roundRatios,
  warmVersus,
} from "./goals.ts";
import { COMMAND_COUNTS } from "./many-commands.ts";
import { WARM_CPU } from "./proc.ts";
import { WARM_BATCH } from "../warm-latency.ts";
import { fixed, kb, ratio, spread, table } from "./report.ts";

export function render(r: Results, plan: Plan, budgets: Record<string, number>): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines: string[] = [];
  lines.push(
    `Last run: ${new Date().toISOString().slice(0, 10)}${plan.quick ? " (`--quick`)" : ""}. Machine: ${cpus().length} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}.`,
    "Every figure is a median with its minimum and maximum over the runs in parentheses; ratios compare figures of this same run, the contenders interleaved run by run, and are paired: the median of the ratios of each contender's run (cold starts), batch (warm Lambda events) or round (throughput, dispatch) to the base's of the same turn, unless a table says otherwise. The last column of each table names the goal (G1–G12) its rows check.",
    "",
    "## Goals",
    "",
    table(
      ["goal", "target", "this run", "met"],
      goals(r).map((g) => [`${g.id}: ${g.goal}`, g.target, g.value, g.met ? "yes" : "**no**"]),
    ),
  );
  lines.push(...sizes(r, budgets), ...coldStart(r), ...warmLatency(r, plan));
  lines.push(...throughputSection(r, plan), ...ackAndDispatch(r, plan));
  return lines.join("\n");
}

function sizes(r: Results, budgets: Record<string, number>): string[] {
  const checks: Record<string, string> = { aws: "G1", cloudflare: "G2" };
  const rows = Object.values(r.artifacts)
    .filter((a) => a.name !== "node-slow")
    .map((a) => [
      TARGETS[a.name]!.label,
      kb(a.bytes),
      kb(a.gzipBytes),
      a.totalBytes === undefined ? "–" : kb(a.totalBytes),
      budgets[a.name] ? kb(budgets[a.name]!) : "–",
      checks[a.name] ?? (budgets[a.name] ? "budget" : "–"),
    ]);
  const missing = BUDGETED.filter((name) => !r.artifacts[name]);
  return [
    "",
    "## Bundle size",
    "",
    'The deployable artifact of each example, built the way it deploys (`bench/lib/artifacts.ts`): the AWS and Azure ones by the examples\' own bundle scripts, the GCP one with its script\'s options, the Worker by `wrangler deploy --dry-run` (which runs the example\'s split build and uploads its modules as they are). The AWS, GCP, Azure and Worker bundles are split: "minified" and "gzip" count what a cold start loads (the entry and the chunks it imports statically), "with lazy chunks" every file, the chunks behind `import()` included (alert handling, the on-call rota, jose, the connectors that load on first use, Azure\'s Storage SDKs). Budgets are in `bench/budgets.json`, checked by `test/size-budgets.test.ts` in every test run.',
    "",
    table(["artifact", "minified", "gzip", "with lazy chunks", "budget", "checks"], rows),
    ...(missing.length ? ["", `Not built (no entry yet): ${missing.join(", ")}.`] : []),
  ];
}

/** The AWS example runs with V8's code cache, and its split build alone where V8 refuses it. */
const COLD_LABELS: Record<string, string> = {
  aws: `${TARGETS.aws!.label}, V8's code cache taken`,
  [AWS_SPLIT]: `${TARGETS.aws!.label}, the split build (the cache not taken)`,
};

function coldStart(r: Results): string[] {
  const node = by(r.cold, "minimum-node-crypto");
  const web = by(r.cold, "minimum-web-crypto");
  const serverMin = by(r.serverCold, "node:http");
  const ten = by(r.coldCommands, "commands-10");
  return [
    "",
    "## Cold start (Lambda)",
    "",
    `A fresh \`node\` imports the artifact and handles one signed \`/catops hi\` in an HTTP API (payload 2.0) event; ${r.cold[0]!.runs.length} runs each, interleaved. "Process" is spawn to exit, measured by the parent (wall); "CPU" is what the process spent (user + system), to the answer; "import → response" is timed inside the process. Bolt's \`auth.test\` goes to a loopback stub.`,
    "",
    table(
      [
        "contender",
        "process, wall (ms)",
        "process, CPU (ms)",
        "import → response, wall (ms)",
        "import → response, CPU (ms)",
        "peak RSS (MiB)",
        "wall vs node:crypto / Web Crypto minimum",
        "import → response CPU vs node:crypto / Web Crypto minimum",
        "checks",
      ],
      r.cold.map((c) => [
        COLD_LABELS[c.name] ?? TARGETS[c.name]!.label,
        spread(c.wall),
        spread(c.processCpu),
        spread(c.importToResponse, 2),
        spread(c.importToResponseCpu, 2),
        spread(c.rssMiB),
        `${ratio(coldVersus(c, node, "wallMs"))} / ${ratio(coldVersus(c, web, "wallMs"))}`,
        `${ratio(coldVersus(c, node, "importToResponseCpuMs"))} / ${ratio(coldVersus(c, web, "importToResponseCpuMs"))}`,
        c.name === "aws" ? "G3, G4, G11" : c.name === AWS_SPLIT ? "G3, G4 (cache not taken)" : "–",
      ]),
    ),
    "",
    `Commands registered: the same example with 10, 1,000 and 10,000 commands in its plugins folder (\`bench/lib/many-commands.ts\`: files of 100, half plain functions, half \`command({...})\` with a description and an argument), ${r.coldCommands[0]!.runs.length} runs each, interleaved, answering \`/catops hi\`:`,
    "",
    table(
      [
        "commands",
        "minified",
        "import → response, wall (ms)",
        "import → response, CPU (ms)",
        "import (ms)",
        "vs 10 (wall)",
        "vs 10 (CPU)",
        "checks",
      ],
      COMMAND_COUNTS.map((count) => {
        const c = by(r.coldCommands, `commands-${count}`);
        return [
          count.toLocaleString("en"),
          kb(r.withCommands[`commands-${count}`]!.bytes),
          spread(c.importToResponse, 2),
          spread(c.importToResponseCpu, 2),
          spread(c.import, 2),
          ratio(coldVersus(c, ten, "importToResponseMs")),
          ratio(coldVersus(c, ten, "importToResponseCpuMs")),
          "G9",
        ];
      }),
    ),
    "",
    "Node servers, spawn to the answer of the first signed request (ms):",
    "",
    table(
      ["server", "spawn → first answer (ms)", "vs node:http", "checks"],
      r.serverCold.map((s) => [
        s.name,
        spread(s.startToResponse),
        ratio(pairedMedian(s.runs, serverMin.runs)),
        "– (no goal)",
      ]),
    ),
    "",
    `Workers, a new workerd (miniflare) to the first answer (ms), no goal: ${r.workerd.map((w) => `${w.name} ${spread(w.firstAnswer)}`).join("; ")}.`,
  ];
}

function warmLatency(r: Results, plan: Plan): string[] {
  const warmMin = by(r.warm, "minimum-node-crypto");
  const wdMin = by(r.workerd, "minimum");
  return [
    "",
    "## Warm latency",
    "",
    `Per event, one at a time, ${plan.events.toLocaleString("en")} events after a warm-up, in ${r.warm[0]!.medians.length} round(s); in each, every contender has a process of its own, all alive side by side and taking turns ${WARM_BATCH} events at a time (who goes first turns with every batch), ${r.pinned ? `each pinned to CPU ${WARM_CPU} (\`taskset\`), the same for every contender` : "not pinned (`taskset` from util-linux is not available on this machine)"} (µs). "vs node:crypto minimum" is the median of the ratios of paired batches' medians. The heap is V8's heap size (heapTotal) after each process's events.`,
    "",
    table(
      [
        "contender",
        "median (µs)",
        "p99 (µs)",
        "median vs node:crypto minimum",
        "heap after (MiB)",
        "heap vs minimum",
        "checks",
      ],
      r.warm.map((w) => [
        TARGETS[w.name]!.label,
        spread(w.median),
        spread(w.p99),
        ratio(warmVersus(w, warmMin)),
        spread(w.heapMiB),
        ratio(w.heapMiB.median / warmMin.heapMiB.median),
        w.name === "aws" ? "G5" : "–",
      ]),
    ),
    "",
    "In workerd (miniflare), the Worker artifacts, each kept running, in rounds that alternate between them, who goes first turning each round; workerd's clock ticks in milliseconds, so events are timed in batches of 1,000, one per Worker a round, each figure is a batch mean (µs), and \"vs Web Crypto minimum\" the median of the ratios of a round's two batches:",
    "",
    table(
      ["worker", "median (µs)", "p99 (µs)", "vs Web Crypto minimum", "checks"],
      r.workerd.map((w) => [
        w.name === "catops" ? TARGETS.cloudflare!.label : TARGETS["minimum-worker"]!.label,
        spread(w.perEvent),
        fixed(w.perEvent.p99),
        ratio(pairedMedian(w.batches, wdMin.batches)),
        w.name === "catops" ? "G6" : "–",
      ]),
    ),
  ];
}

function throughputSection(r: Results, plan: Plan): string[] {
  const bare = by(r.throughput, "node:http");
  const pinning = r.pinned
    ? `the server pinned to CPU ${WARM_CPU} (as the warm rows are) and autocannon to another (\`taskset\`), so neither takes the other's core`
    : "not pinned (`taskset` from util-linux is not available on this machine)";
  return [
    "",
    "## Throughput (Node servers)",
    "",
    `\`POST /slack/events\` with one signed \`/catops hi\`, each server in a fresh process, autocannon in another, ${pinning}; 10 connections, ${plan.seconds} s after ${plan.warmupSeconds} s of warm-up, loopback; ${plan.throughputRounds} round(s), the servers in turn. Requests per second as the mean of the rounds (slowest second–fastest second), and each round's mean; "vs node:http" is the median of the rounds' paired ratios (each round's beside it), which G7 is judged by, since the machine's speed drifts over a run.`,
    "",
    table(
      [
        "server",
        "req/s",
        "by round",
        "vs node:http",
        "latency p50 / p99 (ms)",
        "errors + non-2xx",
        "checks",
      ],
      r.throughput.map((t) => [
        t.name,
        `${fixed(t.rps.mean, 0)} (${fixed(t.rps.min, 0)}–${fixed(t.rps.max, 0)})`,
        t.rounds.map((x) => fixed(x, 0)).join(", "),
        `${ratio(pairedMedian(t.rounds, bare.rounds))} (${roundRatios(t, bare)})`,
        `${t.latencyMs.p50} / ${t.latencyMs.p99}`,
        t.errors + t.non2xx,
        t.name === "catops" ? "G7" : "–",
      ]),
    ),
  ];
}

function ackAndDispatch(r: Results, plan: Plan): string[] {
  return [
    "",
    "## Deferred acknowledgement (G8)",
    "",
    `The Node artifact gets \`/catops slow\` (\`defer: true\`, then 10 s of work) ${r.ack.sent / plan.ackSeconds} times a second for ${plan.ackSeconds} s, so later requests are answered while earlier jobs run: acknowledgement p50 ${fixed(r.ack.latency.median)} ms, p99 ${fixed(r.ack.latency.p99)} ms (min ${fixed(r.ack.latency.min)}, max ${fixed(r.ack.latency.max)}); ${r.ack.failed} failed; ${r.ack.completed}/${r.ack.sent} jobs posted their late reply.`,
    "",
    "## Dispatch (G10)",
    "",
    `How \`bot.dispatch(event)\` scales with the number of registered commands: a simple command (\`meow hi\`, the bot alias stripped), the same command typed in another case (\`HI\`, the case-insensitive lookup), and \`help\` and an unknown command with its "did you mean" suggestion, which walk every command by nature (\`bench/dispatch.bench.ts\`). In ${plan.dispatchRounds} rounds, each timing every task for a batch of about ${plan.dispatchBatchMs} ms in an order rotated round by round; "vs 10 commands" is the median of the paired round ratios to the same task with 10 commands.`,
    "",
    table(
      ["task", "ops/s", "median (µs)", "p99 (µs)", "samples", "vs 10 commands", "checks"],
      r.dispatch.map((d) => [
        d.task,
        fixed(d.opsPerSecond, 0),
        fixed(d.medianMicros, 2),
        fixed(d.p99Micros, 2),
        d.samples,
        versusTen(r.dispatch, d),
        d.task.startsWith('dispatch "meow hi"') ? "G10" : "–",
      ]),
    ),
  ];
}

/** A dispatch row against the same task with 10 commands, paired round by round. */
function versusTen(rows: readonly DispatchRow[], row: DispatchRow): string {
  const base = row.task.replace(/[\d,]+ commands$/, "10 commands");
  if (!row.task.startsWith("dispatch") || base === row.task) return "–";
  return ratio(pairedMedian(row.rounds, dispatchRow(rows, base).rounds));
}
