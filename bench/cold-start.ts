// Cold start: each run is a fresh `node` that imports a built artifact and handles one signed
// slash command. The contenders are interleaved run by run, so a busy moment of the machine
// lands on all of them alike.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchEnv } from "./lib/env.ts";
import { runNode } from "./lib/proc.ts";
import { apiGatewayV2Event, lambdaContext } from "./lib/slack.mjs";
import { type Summary, summarize } from "./lib/stats.ts";

const LAMBDA_CHILD = fileURLToPath(new URL("./cold/lambda-child.mjs", import.meta.url));

export interface ColdRun {
  bootMs: number;
  importMs: number;
  handleMs: number;
  importToResponseMs: number;
  importToResponseCpuMs: number;
  processCpuMs: number;
  startToResponseMs: number;
  maxRssKb: number;
  wallMs: number;
}

export interface ColdResult {
  name: string;
  runs: ColdRun[];
  wall: Summary;
  importToResponse: Summary;
  importToResponseCpu: Summary;
  /** CPU of the whole process, spawn to the answer. */
  processCpu: Summary;
  import: Summary;
  handle: Summary;
  rssMiB: Summary;
}

/** Lambda artifacts by name → file. Runs each `runs` times, interleaved. */
export async function measureLambdaColdStarts(
  artifacts: Record<string, string>,
  options: { runs: number; slackApiUrl: string; log?: (line: string) => void },
): Promise<ColdResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "catops-cold-"));
  const env = benchEnv(options.slackApiUrl);
  const names = Object.keys(artifacts);
  const runs = new Map<string, ColdRun[]>(names.map((name) => [name, []]));
  try {
    for (let i = 0; i < options.runs; i++) {
      // Rotate who goes first, so no contender always follows the same one.
      const order = names.map((_, k) => names[(k + i) % names.length]!);
      for (const name of order) {
        const eventFile = join(dir, `${name}-${i}.json`);
        writeFileSync(eventFile, JSON.stringify(apiGatewayV2Event("hi", { functionUrl: true })));
        writeFileSync(`${eventFile}.context.json`, JSON.stringify(lambdaContext()));
        const { result, wallMs } = await runNode<Omit<ColdRun, "wallMs">>(
          [LAMBDA_CHILD, artifacts[name]!, eventFile],
          { env },
        );
        runs.get(name)!.push({ ...result, wallMs });
      }
      options.log?.(`  cold start round ${i + 1}/${options.runs}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return names.map((name) => {
    const list = runs.get(name)!;
    return {
      name,
      runs: list,
      wall: summarize(list.map((r) => r.wallMs)),
      importToResponse: summarize(list.map((r) => r.importToResponseMs)),
      importToResponseCpu: summarize(list.map((r) => r.importToResponseCpuMs)),
      processCpu: summarize(list.map((r) => r.processCpuMs)),
      import: summarize(list.map((r) => r.importMs)),
      handle: summarize(list.map((r) => r.handleMs)),
      rssMiB: summarize(list.map((r) => r.maxRssKb / 1024)),
    };
  });
}

/** Spawn of a server process to the answer of its first signed slash command, ms. */
export async function measureServerColdStarts(
  servers: Record<string, string>,
  options: { runs: number; slackApiUrl: string },
): Promise<{ name: string; startToResponse: Summary; runs: number[] }[]> {
  const { startServer } = await import("./lib/proc.ts");
  const { slackHeaders, slashCommandBody } = await import("./lib/slack.mjs");
  const { mkdtempSync: tempDir } = await import("node:fs");
  const names = Object.keys(servers);
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < options.runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + i) % names.length]!;
      const dataDir = tempDir(join(tmpdir(), "catops-cold-server-"));
      const server = await startServer([servers[name]!], {
        env: benchEnv(options.slackApiUrl, { PORT: "0", CATOPS_DATA_DIR: dataDir }),
      });
      try {
        const body = slashCommandBody("hi");
        const response = await fetch(`http://127.0.0.1:${server.port}/slack/events`, {
          method: "POST",
          headers: slackHeaders(body),
          body,
        });
        const text = await response.text();
        const elapsed = performance.now() - server.startedAt;
        if (!text.includes("Meow!")) throw new Error(`${name} answered ${response.status} ${text}`);
        times.get(name)!.push(elapsed);
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  return names.map((name) => ({
    name,
    startToResponse: summarize(times.get(name)!),
    runs: times.get(name)!,
  }));
}
