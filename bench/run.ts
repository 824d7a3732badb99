// `pnpm bench`: CatOps beside what a team would pick instead, in one run on one machine, written
// to BENCHMARKS.md. `--quick` shortens every part (about one minute instead of about three).
import { readFileSync } from "node:fs";
import { cpus, totalmem, type as osType, release } from "node:os";
import { join } from "node:path";
import { measureAckLatency } from "./ack-latency.ts";
import { measureLambdaColdStarts, measureServerColdStarts } from "./cold-start.ts";
import { measureDispatch } from "./dispatch.bench.ts";
import {
  type Artifact,
  benchDir,
  BUDGETED,
  buildArtifact,
  linkExternals,
  repoRoot,
  TARGETS,
} from "./lib/artifacts.ts";
import { fixed, kb, ratio, replaceGenerated, spread, table } from "./lib/report.ts";
import { startSlackStub } from "./lib/slack-stub.ts";
import { measureReplicas, REPLICAS_END, REPLICAS_START, renderReplicas } from "./replicas.ts";
import { measureThroughput, SERVERS } from "./throughput.ts";
import { measureLambdaWarm } from "./warm-latency.ts";
import { measureWorkerd } from "./workerd.ts";

const quick = process.argv.includes("--quick");
const plan = quick
  ? {
      coldRuns: 10,
      warmRounds: 1,
      events: 10_000,
      warmup: 1_000,
      seconds: 3,
      warmupSeconds: 1,
      throughputRounds: 1,
      ackSeconds: 5,
      workerdCold: 2,
      dispatchMs: 250,
    }
  : {
      coldRuns: 20,
      warmRounds: 5,
      events: 10_000,
      warmup: 2_000,
      seconds: 10,
      warmupSeconds: 2,
      throughputRounds: 2,
      ackSeconds: 10,
      workerdCold: 5,
      dispatchMs: 1000,
    };
const log = (line: string) => console.log(line);
const started = performance.now();
const budgets = JSON.parse(readFileSync(join(benchDir, "budgets.json"), "utf8")) as {
  bytes: Record<string, number>;
};

// 1. Artifacts and sizes.
log("Building the artifacts…");
const outDir = join(benchDir, ".artifacts");
linkExternals(outDir);
const artifacts: Record<string, Artifact> = {};
for (const name of Object.keys(TARGETS)) {
  const built = await buildArtifact(name, outDir);
  if (built) artifacts[name] = built;
  else log(`  ${name}: no entry yet (${TARGETS[name]!.entry}), skipped`);
}

const stub = await startSlackStub();
try {
  // 2. Cold start, Lambda artifacts, interleaved.
  log(`Cold start, ${plan.coldRuns} fresh processes each…`);
  const lambdaNames = ["aws", "minimum-node-crypto", "minimum-web-crypto", "bolt"];
  const cold = await measureLambdaColdStarts(
    Object.fromEntries(lambdaNames.map((name) => [name, artifacts[name]!.file])),
    { runs: plan.coldRuns, slackApiUrl: stub.apiUrl },
  );
  const serverCold = await measureServerColdStarts(
    { catops: artifacts.node!.file, "node:http": join(benchDir, "minimum/server.mjs") },
    { runs: Math.ceil(plan.coldRuns / 2), slackApiUrl: stub.apiUrl },
  );

  // 3. Warm latency.
  log(
    `Warm latency, ${plan.events.toLocaleString("en")} events after ${plan.warmup.toLocaleString("en")} warm-up…`,
  );
  const warm = await measureLambdaWarm(
    Object.fromEntries(lambdaNames.map((name) => [name, artifacts[name]!.file])),
    {
      rounds: plan.warmRounds,
      count: plan.events,
      warmup: plan.warmup,
      slackApiUrl: stub.apiUrl,
      log,
    },
  );
  const workerd = await measureWorkerd(
    { catops: artifacts.cloudflare!.file, minimum: artifacts["minimum-worker"]!.file },
    {
      events: plan.events,
      batchSize: 250,
      coldRuns: plan.workerdCold,
      slackApiUrl: stub.apiUrl,
      log,
    },
  );

  // 4. Throughput.
  log(`Throughput, ${plan.seconds} s per server…`);
  const throughput = await measureThroughput(SERVERS(artifacts.node!.file), {
    seconds: plan.seconds,
    warmupSeconds: plan.warmupSeconds,
    connections: 10,
    rounds: plan.throughputRounds,
    slackApiUrl: stub.apiUrl,
    log,
  });

  // 5. Deferred acknowledgement.
  log("Deferred acknowledgement, jobs of 10 s…");
  const ack = await measureAckLatency(artifacts["node-slow"]!.file, stub, {
    seconds: plan.ackSeconds,
    perSecond: 20,
    jobMs: 10_000,
    log,
  });

  // 6. Dispatch scaling.
  log("Dispatch scaling…");
  const dispatch = await measureDispatch(plan.dispatchMs);

  const markdown = render({
    artifacts,
    cold,
    serverCold,
    warm,
    workerd,
    throughput,
    ack,
    dispatch,
  });
  replaceGenerated(join(repoRoot, "BENCHMARKS.md"), markdown);

  // 7. Many replicas on PostgreSQL: a section of its own, so it can be measured alone too.
  log("Many replicas on PostgreSQL…");
  const replicas = renderReplicas(
    await measureReplicas({ seconds: plan.seconds, jobs: quick ? 50 : 200, log }),
  );
  replaceGenerated(join(repoRoot, "BENCHMARKS.md"), replicas, {
    start: REPLICAS_START,
    end: REPLICAS_END,
  });
  log(`\nWrote BENCHMARKS.md in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  log(markdown.slice(markdown.indexOf("## Goals")));
} finally {
  await stub.close();
}

/** Each round's ratio of one server to another. */
function roundRatios(server: { rounds: number[] }, base: { rounds: number[] }): string {
  return server.rounds.map((value, i) => ratio(value / (base.rounds[i] ?? Number.NaN))).join(", ");
}

type Results = {
  artifacts: Record<string, Artifact>;
  cold: Awaited<ReturnType<typeof measureLambdaColdStarts>>;
  serverCold: Awaited<ReturnType<typeof measureServerColdStarts>>;
  warm: Awaited<ReturnType<typeof measureLambdaWarm>>;
  workerd: Awaited<ReturnType<typeof measureWorkerd>>;
  throughput: Awaited<ReturnType<typeof measureThroughput>>;
  ack: Awaited<ReturnType<typeof measureAckLatency>>;
  dispatch: Awaited<ReturnType<typeof measureDispatch>>;
};

function render(r: Results): string {
  const by = <T extends { name: string }>(list: T[], name: string) =>
    list.find((x) => x.name === name)!;
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const lines: string[] = [];
  lines.push(
    `Last run: ${new Date().toISOString().slice(0, 10)}${quick ? " (`--quick`)" : ""}. Machine: ${cpus().length} CPUs (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}.`,
    "Every figure is a median with its minimum and maximum over the runs in parentheses; ratios compare figures of this same run.",
  );

  // Goals first: what the issue asked, and where this run stands.
  const aws = r.artifacts.aws!;
  const bolt = r.artifacts.bolt!;
  const coldAws = by(r.cold, "aws");
  const coldMin = by(r.cold, "minimum-node-crypto");
  const warmAws = by(r.warm, "aws");
  const warmMin = by(r.warm, "minimum-node-crypto");
  const wdCatops = by(r.workerd, "catops");
  const wdMin = by(r.workerd, "minimum");
  const bare = by(r.throughput, "node:http");
  const catopsTp = by(r.throughput, "catops");
  const flat = (task: (n: string) => string) => {
    const at = (n: string) => r.dispatch.find((row) => row.task === task(n))!.medianMicros;
    return at("10,000") / at("10");
  };
  const goals: [string, string, string, boolean][] = [
    [
      "Lambda artifact, minified",
      "≤ 50 KB and ≤ 1/30 of Bolt",
      `${kb(aws.bytes)}, 1/${fixed(bolt.bytes / aws.bytes, 0)} of Bolt`,
      aws.bytes <= 50_000 && aws.bytes * 30 <= bolt.bytes,
    ],
    [
      "Worker bundle, minified",
      "≤ 80 KB",
      kb(r.artifacts.cloudflare!.bytes),
      r.artifacts.cloudflare!.bytes <= 80_000,
    ],
    [
      "Cold import → response vs minimum (node:crypto)",
      "≤ 2x",
      ratio(coldAws.importToResponse.median / coldMin.importToResponse.median),
      coldAws.importToResponse.median <= 2 * coldMin.importToResponse.median,
    ],
    [
      "Cold whole process vs minimum",
      "≤ 1.15x",
      ratio(coldAws.wall.median / coldMin.wall.median),
      coldAws.wall.median <= 1.15 * coldMin.wall.median,
    ],
    [
      "Warm per event, Lambda, vs node:crypto minimum",
      "≤ 2x",
      ratio(warmAws.median.median / warmMin.median.median),
      warmAws.median.median <= 2 * warmMin.median.median,
    ],
    [
      "Warm per event, workerd, vs Web Crypto minimum",
      "≤ 1.25x",
      ratio(wdCatops.perEvent.median / wdMin.perEvent.median),
      wdCatops.perEvent.median <= 1.25 * wdMin.perEvent.median,
    ],
    [
      "Node adapter throughput vs bare node:http",
      "≥ 0.8x, no errors",
      `${ratio(catopsTp.rps.mean / bare.rps.mean)} (by round: ${roundRatios(catopsTp, bare)}), ${catopsTp.errors + catopsTp.non2xx} errors`,
      catopsTp.rps.mean >= 0.8 * bare.rps.mean && catopsTp.errors + catopsTp.non2xx === 0,
    ],
    [
      "Deferred acknowledgement p99 (jobs of 10 s)",
      "< 50 ms",
      `${fixed(r.ack.latency.p99)} ms`,
      r.ack.latency.p99 < 50 && r.ack.failed === 0,
    ],
    [
      "Dispatch, 10,000 vs 10 commands",
      "≤ 1.2x",
      ratio(flat((n) => `dispatch "meow hi", ${n} commands`)),
      flat((n) => `dispatch "meow hi", ${n} commands`) <= 1.2,
    ],
    [
      "Network calls before the acknowledgement",
      "none",
      "none (test/no-network-before-ack.test.ts)",
      true,
    ],
  ];
  lines.push(
    "",
    "## Goals",
    "",
    table(
      ["goal", "target", "this run", "met"],
      goals.map(([g, t, v, ok]) => [g, t, v, ok ? "yes" : "**no**"]),
    ),
  );

  lines.push(
    "",
    "## Bundle size",
    "",
    "The deployable artifact of each example, built the way it deploys (`bench/lib/artifacts.ts`). Budgets are in `bench/budgets.json`, checked by `test/size-budgets.test.ts` in every test run.",
    "",
  );
  const sizeRows = Object.values(r.artifacts)
    .filter((a) => a.name !== "node-slow")
    .map((a) => [
      TARGETS[a.name]!.label,
      kb(a.bytes),
      kb(a.gzipBytes),
      budgets.bytes[a.name] ? kb(budgets.bytes[a.name]!) : "–",
    ]);
  lines.push(table(["artifact", "minified", "gzip", "budget"], sizeRows));
  const missing = BUDGETED.filter((name) => !r.artifacts[name]);
  if (missing.length) lines.push("", `Not built (no entry yet): ${missing.join(", ")}.`);

  lines.push(
    "",
    "## Cold start (Lambda)",
    "",
    `A fresh \`node\` imports the artifact and handles one signed \`/catops hi\` in an HTTP API (payload 2.0) event; ${r.cold[0]!.runs.length} runs each, interleaved. "Process" is spawn to exit, measured by the parent; "import → response" is timed inside the process. Bolt's \`auth.test\` goes to a loopback stub.`,
    "",
  );
  lines.push(
    table(
      [
        "contender",
        "process (ms)",
        "import → response (ms)",
        "import (ms)",
        "peak RSS (MiB)",
        "process vs minimum",
        "import → response vs minimum",
      ],
      r.cold.map((c) => [
        TARGETS[c.name]!.label,
        spread(c.wall),
        spread(c.importToResponse, 2),
        spread(c.import, 2),
        spread(c.rssMiB),
        ratio(c.wall.median / coldMin.wall.median),
        ratio(c.importToResponse.median / coldMin.importToResponse.median),
      ]),
    ),
  );
  const serverMin = by(r.serverCold, "node:http");
  lines.push("", "Node servers, spawn to the answer of the first signed request (ms):", "");
  lines.push(
    table(
      ["server", "spawn → first answer (ms)", "vs node:http"],
      r.serverCold.map((s) => [
        s.name,
        spread(s.startToResponse),
        ratio(s.startToResponse.median / serverMin.startToResponse.median),
      ]),
    ),
  );
  lines.push(
    "",
    "Workers, a new workerd (miniflare) to the first answer (ms): " +
      r.workerd.map((w) => `${w.name} ${spread(w.firstAnswer)}`).join("; ") +
      ".",
  );

  lines.push(
    "",
    "## Warm latency",
    "",
    `Per event, one at a time, ${plan.events.toLocaleString("en")} events after a warm-up, ${r.warm[0]!.medians.length} process(es) per contender (µs).`,
    "",
  );
  lines.push(
    table(
      ["contender", "median (µs)", "p99 (µs)", "median vs node:crypto minimum"],
      r.warm.map((w) => [
        TARGETS[w.name]!.label,
        spread(w.median),
        spread(w.p99),
        ratio(w.median.median / warmMin.median.median),
      ]),
    ),
  );
  lines.push(
    "",
    "In workerd (miniflare), the Worker artifacts; workerd's clock ticks in milliseconds, so events are timed in batches of 250 and each figure is a batch mean (µs):",
    "",
  );
  lines.push(
    table(
      ["worker", "median (µs)", "p99 (µs)", "vs Web Crypto minimum"],
      r.workerd.map((w) => [
        w.name === "catops" ? TARGETS.cloudflare!.label : TARGETS["minimum-worker"]!.label,
        spread(w.perEvent),
        fixed(w.perEvent.p99),
        ratio(w.perEvent.median / wdMin.perEvent.median),
      ]),
    ),
  );

  lines.push(
    "",
    "## Throughput (Node servers)",
    "",
    `\`POST /slack/events\` with one signed \`/catops hi\`, each server in a fresh process, autocannon in another, 10 connections, ${plan.seconds} s after ${plan.warmupSeconds} s of warm-up, loopback; ${plan.throughputRounds} round(s), the servers in turn. Requests per second as the mean of the rounds (slowest second–fastest second), and each round's mean. On two cores autocannon itself tops out near bare node:http's rate when the machine is busy, which lifts every ratio; the rounds show how much.`,
    "",
  );
  lines.push(
    table(
      ["server", "req/s", "by round", "vs node:http", "latency p50 / p99 (ms)", "errors + non-2xx"],
      r.throughput.map((t) => [
        t.name,
        `${fixed(t.rps.mean, 0)} (${fixed(t.rps.min, 0)}–${fixed(t.rps.max, 0)})`,
        t.rounds.map((x) => fixed(x, 0)).join(", "),
        `${ratio(t.rps.mean / bare.rps.mean)} (${roundRatios(t, bare)})`,
        `${t.latencyMs.p50} / ${t.latencyMs.p99}`,
        t.errors + t.non2xx,
      ]),
    ),
  );

  lines.push(
    "",
    "## Deferred acknowledgement",
    "",
    `The Node artifact gets \`/catops slow\` (\`defer: true\`, then 10 s of work) ${r.ack.sent / plan.ackSeconds} times a second for ${plan.ackSeconds} s, so later requests are answered while earlier jobs run: acknowledgement p50 ${fixed(r.ack.latency.median)} ms, p99 ${fixed(r.ack.latency.p99)} ms (min ${fixed(r.ack.latency.min)}, max ${fixed(r.ack.latency.max)}); ${r.ack.failed} failed; ${r.ack.completed}/${r.ack.sent} jobs posted their late reply.`,
  );

  lines.push(
    "",
    "## Dispatch",
    "",
    'How `bot.dispatch(event)` scales with the number of registered commands: a simple command (`meow hi`, the bot alias stripped), the same command typed in another case (`HI`, the case-insensitive lookup), and `help` and an unknown command with its "did you mean" suggestion, which walk every command by nature (`bench/dispatch.bench.ts`, tinybench).',
    "",
  );
  lines.push(
    table(
      ["task", "ops/s", "median (µs)", "mean (µs)", "p99 (µs)", "samples"],
      r.dispatch.map((d) => [
        d.task,
        fixed(d.opsPerSecond, 0),
        fixed(d.medianMicros, 2),
        fixed(d.meanMicros, 2),
        fixed(d.p99Micros, 2),
        d.samples,
      ]),
    ),
  );
  return lines.join("\n");
}
