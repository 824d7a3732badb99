// The one test command (`pnpm test`, run by CI): install, build, lint, typecheck, test, then
// the unit and conformance suites once more on Node 22 (the registry's build, installed by
// examples/cloudflare), so both Node versions CatOps supports are tested on every run.
// Every step runs even when an earlier check fails, so one run shows every problem; the
// last line is vitest's own count (of the main run) as `N passed, M failed`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { node22 } from "../examples/cloudflare/scripts/node22.mjs";

const REPORT = ".vitest-report.json";
const steps = [
  { name: "install", cmd: "pnpm install --frozen-lockfile --prefer-offline", required: true },
  { name: "chromium", cmd: "node scripts/ensure-chromium.mjs", required: true },
  { name: "build", cmd: "pnpm exec turbo run build --output-logs=errors-only", required: true },
  { name: "lint", cmd: "pnpm exec biome check ." },
  { name: "typecheck", cmd: "pnpm exec turbo run typecheck --output-logs=errors-only" },
  { name: "tests", cmd: "pnpm exec vitest run" },
  { name: "unit and conformance tests on Node 22", cmd: () => onNode22(node22Suites()) },
];

// better-sqlite3 is compiled for the Node that ran `pnpm install`; a suite that starts the
// server with its SQLite store in a Node 22 process cannot load it.
const NATIVE_ADDON_SUITES = [
  "adapters/node/src/scheduler.test.ts",
  "adapters/node/src/shutdown.test.ts",
  "adapters/node/src/store/sqlite-health.test.ts",
];

/** Every unit test beside the code in packages/ and adapters/, and test/conformance. */
function node22Suites() {
  const testsIn = (dir) =>
    readdirSync(dir, { recursive: true })
      .map((file) => join(dir, file))
      .filter(
        (file) => file.endsWith(".test.ts") && !/(^|\/)(node_modules|dist|templates)\//.test(file),
      );
  const units = ["packages", "adapters"].flatMap((group) =>
    readdirSync(group).flatMap((name) =>
      existsSync(join(group, name, "src")) ? testsIn(join(group, name, "src")) : [],
    ),
  );
  return [...units, ...testsIn("test/conformance")].filter(
    (file) => !NATIVE_ADDON_SUITES.includes(file),
  );
}

/** vitest on Node 22, printing its own count; the JSON report stays the main run's. */
function onNode22(files) {
  return `"${node22()}" node_modules/vitest/vitest.mjs run --reporter=default ${files.join(" ")}`;
}

rmSync(REPORT, { force: true });
const failed = [];
for (const step of steps) {
  const started = Date.now();
  let cmd;
  try {
    cmd = typeof step.cmd === "function" ? step.cmd() : step.cmd;
  } catch (error) {
    console.log(`\n▶ ${step.name}: ${error.message}`);
    failed.push(step.name);
    continue;
  }
  console.log(`\n▶ ${step.name}: ${cmd.length > 200 ? `${cmd.slice(0, 200)}…` : cmd}`);
  const { status } = spawnSync(cmd, { stdio: "inherit", shell: true });
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
