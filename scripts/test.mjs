// The one test command (`pnpm test`, run by CI): install, build, lint, typecheck, test.
// Every step runs even when an earlier check fails, so one run shows every problem; the
// last line is vitest's own count as `N passed, M failed`.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";

const REPORT = ".vitest-report.json";
const steps = [
  { name: "install", cmd: "pnpm install --frozen-lockfile --prefer-offline", required: true },
  { name: "chromium", cmd: "node scripts/ensure-chromium.mjs", required: true },
  { name: "build", cmd: "pnpm exec turbo run build --output-logs=errors-only", required: true },
  { name: "lint", cmd: "pnpm exec biome check ." },
  { name: "typecheck", cmd: "pnpm exec turbo run typecheck --output-logs=errors-only" },
  { name: "tests", cmd: "pnpm exec vitest run" },
];

rmSync(REPORT, { force: true });
const failed = [];
for (const step of steps) {
  const started = Date.now();
  console.log(`\n▶ ${step.name}: ${step.cmd}`);
  const { status } = spawnSync(step.cmd, { stdio: "inherit", shell: true });
  console.log(
    `◀ ${step.name} ${status === 0 ? "ok" : `FAILED (exit ${status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (status !== 0) {
    failed.push(step.name);
    if (step.required) break;
  }
}

if (failed.length > 0) console.log(`\nFailed steps: ${failed.join(", ")}`);
let summary = 1;
if (existsSync(REPORT)) {
  summary = spawnSync("node", ["scripts/test-summary.mjs", REPORT], { stdio: "inherit" }).status;
} else {
  console.log("0 passed, 1 failed");
}
process.exit(failed.length > 0 || summary !== 0 ? 1 : 0);
