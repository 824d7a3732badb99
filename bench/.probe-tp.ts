import { join } from "node:path";
import { buildArtifact, linkExternals, benchDir } from "./lib/artifacts.ts";
import { startSlackStub } from "./lib/slack-stub.ts";
import { measureThroughput, SERVERS } from "./throughput.ts";
const outDir = join(benchDir, ".artifacts");
linkExternals(outDir);
const node = (await buildArtifact("node", outDir))!;
console.log(node.file);
const stub = await startSlackStub();
const servers = SERVERS(node.file).filter((s) => s.name === "catops" || s.name === "node:http");
if (process.env.PROF)
  servers.forEach((s) => s.args.unshift("--cpu-prof", "--cpu-prof-dir=/tmp/prof/tp"));
const r = await measureThroughput(servers, {
  seconds: Number(process.env.SECS ?? 5),
  warmupSeconds: 1,
  connections: 10,
  rounds: Number(process.env.ROUNDS ?? 1),
  slackApiUrl: stub.apiUrl,
  log: console.log,
});
for (const t of r)
  console.log(t.name, t.rps.mean.toFixed(0), t.rounds.map((x) => x.toFixed(0)).join(","));
const c = r.find((t) => t.name === "catops")!,
  b = r.find((t) => t.name === "node:http")!;
console.log("ratio", (c.rps.mean / b.rps.mean).toFixed(2));
await stub.close();
