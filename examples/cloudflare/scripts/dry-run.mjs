// `wrangler deploy --dry-run`: what wrangler would upload, bundled by wrangler itself from
// wrangler.toml, written to a folder, with the size wrangler reports. No account, no network.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { node22 } from "./node22.mjs";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(exampleDir, "node_modules/wrangler/bin/wrangler.js");

// The banner's update check is wrangler's only call to the network in a dry run.
export const OFFLINE_WRANGLER = { WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_METRICS: "false" };

/**
 * Runs the dry run into `outdir` and returns the uploaded module (`index.js`), its size in bytes,
 * and wrangler's own "Total Upload" line.
 */
export async function dryRun({
  outdir = mkdtempSync(join(tmpdir(), "catops-wrangler-")),
  env = {},
} = {}) {
  const { stdout, stderr } = await promisify(execFile)(
    node22(),
    [wrangler, "deploy", "--dry-run", "--outdir", outdir],
    { cwd: exampleDir, env: { ...process.env, ...OFFLINE_WRANGLER, ...env }, timeout: 120_000 },
  );
  const reported = /Total Upload: .*/.exec(stdout)?.[0];
  if (!reported) throw new Error(`wrangler reported no upload size:\n${stdout}\n${stderr}`);
  const file = join(outdir, "index.js");
  return { outdir, file, bytes: readFileSync(file).byteLength, reported, stdout, stderr };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, bytes, reported } = await dryRun();
  console.log(`${reported}\n${file}: ${bytes} bytes`);
}
