// `wrangler deploy --dry-run`: what wrangler would upload, written to a folder, with the size
// wrangler reports. wrangler runs the [build] in wrangler.toml (scripts/build.mjs, the split
// build into dist/) and uploads those modules as they are. No account, no network.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { node22 } from "./node22.mjs";

const exampleDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(exampleDir, "node_modules/wrangler/bin/wrangler.js");

// The banner's update check is wrangler's only call to the network in a dry run.
export const OFFLINE_WRANGLER = { WRANGLER_HIDE_BANNER: "true", WRANGLER_SEND_METRICS: "false" };

/** Every JavaScript module under `dir`, as paths. */
const modulesIn = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();

// One dry run at a time: each rebuilds dist/, which the one before may still be uploading.
const LOCK = join(exampleDir, "node_modules/.cache/catops-dry-run.lock");
const STALE_LOCK_MS = 180_000;

async function exclusively(run) {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Runs the dry run into `outdir` and returns the entry module (`index.js`), every module uploaded
 * (the entry and its chunks), the entry's size in bytes, and wrangler's own "Total Upload" line.
 */
export async function dryRun({
  outdir = mkdtempSync(join(tmpdir(), "catops-wrangler-")),
  env = {},
} = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const { stdout, stderr } = await exclusively(() =>
    promisify(execFile)(node22(), [wrangler, "deploy", "--dry-run", "--outdir", outdir], {
      cwd: exampleDir,
      env: { ...process.env, ...OFFLINE_WRANGLER, ...env },
      timeout: 120_000,
    }),
  );
  const reported = /Total Upload: .*/.exec(stdout)?.[0];
  if (!reported) throw new Error(`wrangler reported no upload size:\n${stdout}\n${stderr}`);
  const file = join(outdir, "index.js");
  const modules = modulesIn(outdir);
  if (!modules.includes(file)) throw new Error(`wrangler wrote no ${file}:\n${stdout}`);
  return { outdir, file, modules, bytes: readFileSync(file).byteLength, reported, stdout, stderr };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { file, modules, bytes, reported } = await dryRun();
  const total = modules.reduce((sum, path) => sum + statSync(path).size, 0);
  console.log(`${reported}\n${file}: ${bytes} bytes; ${modules.length} modules, ${total} bytes`);
}
