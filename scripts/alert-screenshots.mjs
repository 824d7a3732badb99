// Takes the pictures of an alert's card that docs/alerts.md shows (docs/images/alert-*.png): the
// playground page in headless Chromium (test/alert-cards.test.ts) saves each step as it checks it.
//   node scripts/alert-screenshots.mjs
// The cards carry emoji: without a colour emoji font (Debian's fonts-noto-color-emoji) Chromium
// draws them as empty boxes.
import { spawnSync } from "node:child_process";

const ensured = spawnSync(process.execPath, ["scripts/ensure-chromium.mjs"], { stdio: "inherit" });
if (ensured.status !== 0) process.exit(ensured.status ?? 1);
const run = spawnSync("pnpm", ["exec", "vitest", "run", "test/alert-cards.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, CATOPS_UPDATE_SCREENSHOT: "1" },
});
process.exit(run.status ?? 1);
