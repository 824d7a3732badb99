// `pnpm bench`: CatOps beside what a team would pick instead, in one run on one machine, written
// to BENCHMARKS.md (lib/render.ts lays the figures out). `--quick` shortens every part (about
// one minute instead of about four).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { measureAckLatency } from "./ack-latency.ts";
import { measureLambdaColdStarts, measureServerColdStarts } from "./cold-start.ts";
import { measureDispatch } from "./dispatch.bench.ts";
import {
  AWS_SPLIT,
  NODE_STREAMED,
  WEB_STREAMED,
  type Artifact,
  benchDir,
  buildArtifact,
  linkExternals,
  repoRoot,
  TARGETS,
} from "./lib/artifacts.ts";
import { buildWithCommands, COMMAND_COUNTS } from "./lib/many-commands.ts";
import { canPin } from "./lib/proc.ts";
import type { Plan } from "./lib/goals.ts";
import { render } from "./lib/render.ts";
import { replaceGenerated } from "./lib/report.ts";
import { startSlackStub } from "./lib/slack-stub.ts";
import { measureReplicas, REPLICAS_END, REPLICAS_START, renderReplicas } from "./replicas.ts";
import { measureThroughput, SERVERS } from "./throughput.ts";
import { measureLambdaWarm } from "./warm-latency.ts";
import { measureWorkerd } from "./workerd.ts";

const quick = process.argv.includes("--quick");
const plan: Plan = quick
  ? {
      quick,
      coldRuns: 10,
      warmRounds: 1,
      events: 10_000,
      warmup: 1_000,
      seconds: 3,
      warmupSeconds: 1,
      throughputRounds: 1,
      ackSeconds: 5,
      workerdCold: 2,
      dispatchRounds: 5,
      dispatchBatchMs: 10,
    }
  : {
      quick,
      coldRuns: 20,
      warmRounds: 5,
      events: 10_000,
      warmup: 2_000,
      seconds: 5,
      warmupSeconds: 1,
      throughputRounds: 5,
      ackSeconds: 10,
      workerdCold: 5,
      dispatchRounds: 30,
      dispatchBatchMs: 25,
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
const withCommands: Record<string, Artifact> = {};
for (const count of COMMAND_COUNTS)
  withCommands[`commands-${count}`] = await buildWithCommands(count, outDir);
const files = (list: Record<string, Artifact>) =>
  Object.fromEntries(Object.entries(list).map(([name, artifact]) => [name, artifact.file]));

const stub = await startSlackStub();
try {
  // 2. Cold start, Lambda artifacts, interleaved; then the same with more commands registered.
  log(`Cold start, ${plan.coldRuns} fresh processes each…`);
  const lambdaNames = ["aws", "minimum-node-crypto", "minimum-web-crypto", "bolt"];
  const lambdas = Object.fromEntries(lambdaNames.map((name) => [name, artifacts[name]!]));
  // The AWS example's split build beside it: what a cold start runs where V8 refuses the cache.
  const split = artifacts.aws!.splitFile;
  // And the minimums answering through a response stream, as the example does.
  const coldStreamed = {
    [WEB_STREAMED]: artifacts[WEB_STREAMED]!,
    [NODE_STREAMED]: artifacts[NODE_STREAMED]!,
  };
  const cold = await measureLambdaColdStarts(
    { ...files(lambdas), ...files(coldStreamed), ...(split && { [AWS_SPLIT]: split }) },
    {
      runs: plan.coldRuns,
      slackApiUrl: stub.apiUrl,
    },
  );
  log("Cold start with 10, 1,000 and 10,000 commands…");
  const coldCommands = await measureLambdaColdStarts(files(withCommands), {
    runs: plan.coldRuns,
    slackApiUrl: stub.apiUrl,
  });
  const serverCold = await measureServerColdStarts(
    { catops: artifacts.node!.file, "node:http": join(benchDir, "minimum/server.mjs") },
    { runs: Math.ceil(plan.coldRuns / 2), slackApiUrl: stub.apiUrl },
  );

  // 3. Warm latency.
  log(
    `Warm latency, ${plan.events.toLocaleString("en")} events after ${plan.warmup.toLocaleString("en")} warm-up…`,
  );
  // With the minimum answering through a response stream, as the AWS example does: what the
  // stream costs an event, apart from what CatOps does.
  const warmStreamed = { [NODE_STREAMED]: artifacts[NODE_STREAMED]! };
  const warm = await measureLambdaWarm(files({ ...lambdas, ...warmStreamed }), {
    rounds: plan.warmRounds,
    count: plan.events,
    warmup: plan.warmup,
    slackApiUrl: stub.apiUrl,
    log,
  });
  const workerd = await measureWorkerd(
    {
      catops: artifacts.cloudflare!.files ?? [artifacts.cloudflare!.file],
      minimum: [artifacts["minimum-worker"]!.file],
    },
    {
      // 1,000 a batch: workerd's clock ticks in milliseconds, so a batch mean is exact to 1 µs.
      events: plan.events * 2,
      batchSize: 1000,
      coldRuns: plan.workerdCold,
      slackApiUrl: stub.apiUrl,
      log,
    },
  );

  // 4. Throughput, server and load generator pinned to different CPUs where taskset runs.
  log(
    `Throughput, ${plan.seconds} s per server${canPin ? ", pinned" : " (taskset unavailable: not pinned)"}…`,
  );
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
  const dispatch = await measureDispatch({
    rounds: plan.dispatchRounds,
    batchMs: plan.dispatchBatchMs,
  });

  const markdown = render(
    {
      artifacts,
      withCommands,
      cold,
      coldCommands,
      serverCold,
      warm,
      workerd,
      throughput,
      pinned: canPin,
      ack,
      dispatch,
    },
    plan,
    budgets.bytes,
  );
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
