// Builds the deployable artifact of every example, and of each contender, the way each is
// deployed: minified ES modules, an entry and, where the bundle splits, chunks loaded on first
// use (the Worker: what wrangler's own dry run uploads). The sizes in BENCHMARKS.md and the
// budgets in budgets.json are measured on these files.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { joinColdPath, nodeSplitBundleOptions } from "@catops/node";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { dryRun } from "../../examples/cloudflare/scripts/dry-run.mjs";
import {
  workerBundleOptions,
  workerSplitBundleOptions,
} from "../../adapters/cloudflare-workers/src/build.ts";
import { workspaceSourcePath } from "../../vitest.workspace-alias.ts";
import { staticClosure } from "./static-closure.ts";

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(benchDir, "..");
const examples = join(repoRoot, "examples");

export interface Artifact {
  name: string;
  file: string;
  /** Minified bytes a cold start loads: the entry and the chunks it imports statically. */
  bytes: number;
  gzipBytes: number;
  /** With chunks loaded on first use beside it: every module's bytes. */
  totalBytes?: number;
  /** A split bundle's modules, the entry first. */
  files?: string[];
  /** With V8's code cache (the AWS example): the entry, the cold path's script and its cache. */
  codeCacheBytes?: number;
  /** With V8's code cache: the split build's entry, what runs where the cache is not taken. */
  splitFile?: string;
}

/** Resolves @catops/<name>[/<subpath>] to the workspace package's TypeScript source. */
export function workspaceSource(): Plugin {
  return {
    name: "catops-workspace-source",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^@catops\// }, ({ path }) => {
        const source = workspaceSourcePath(path);
        return source ? { path: source } : undefined;
      });
    },
  };
}

// CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
const requireBanner = {
  js: 'import { createRequire as __catopsRequire } from "node:module"; const require = __catopsRequire(import.meta.url);',
};

const nodeBundle: BuildOptions = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  legalComments: "none",
  logLevel: "silent",
};

const nodeServerBundle: BuildOptions = {
  ...nodeSplitBundleOptions,
  external: ["better-sqlite3", "tsx", "ws"],
  banner: requireBanner,
  logLevel: "silent",
};

interface Target {
  /** What BENCHMARKS.md calls it. */
  label: string;
  entry: string;
  options: BuildOptions;
}

/**
 * The five CatOps examples, with the options their own bundle scripts use (the AWS one through
 * examples/aws/scripts/bundle.mjs itself), and the contenders.
 */
export const TARGETS: Record<string, Target> = {
  aws: {
    label: "CatOps on AWS Lambda (examples/aws)",
    entry: join(examples, "aws/src/handler.ts"),
    options: { ...nodeBundle, external: ["@aws-sdk/*"] },
  },
  // Built by the example's own bundle script (see buildArtifact): an entry module and chunks
  // loaded on first use (the Azure Storage SDKs).
  azure: {
    label: "CatOps on Azure Functions (examples/azure)",
    entry: join(examples, "azure/src/index.ts"),
    options: { ...nodeBundle, external: ["@azure/functions"], banner: requireBanner },
  },
  // As examples/gcp/scripts/bundle.mjs: an entry and chunks loaded on first use.
  gcp: {
    label: "CatOps on Google Cloud Functions (examples/gcp)",
    entry: join(examples, "gcp/src/index.ts"),
    options: { ...nodeSplitBundleOptions, external: ["@google-cloud/*"], logLevel: "silent" },
  },
  // What wrangler uploads (see buildArtifact): the example's own split build, an entry and the
  // chunks loaded on first use; the options are the adapter's, for comparison runs.
  cloudflare: {
    label: "CatOps on Cloudflare Workers (examples/cloudflare)",
    entry: join(examples, "cloudflare/src/index.ts"),
    options: {
      ...workerSplitBundleOptions,
      conditions: [...workerSplitBundleOptions.conditions],
      mainFields: [...workerSplitBundleOptions.mainFields],
      logLevel: "silent",
    },
  },
  // Split as @catops/node's own build is: what loads on first use (the chats a server is not
  // configured for, alert handling) is a chunk beside the entry.
  node: {
    label: "CatOps on Node (@catops/node, SQLite store)",
    entry: join(benchDir, "targets/node-server.ts"),
    options: nodeServerBundle,
  },
  "node-slow": {
    label: "CatOps on Node with the bench's deferred command",
    entry: join(benchDir, "targets/node-server-slow.ts"),
    options: nodeServerBundle,
  },
  "minimum-node-crypto": {
    label: "hand-written minimum, node:crypto HMAC",
    entry: join(benchDir, "minimum/lambda-node-crypto.mjs"),
    options: nodeBundle,
  },
  // The minimums answering through the response stream the AWS example answers with: both
  // beside the cold starts (G3 is against Web Crypto, G4 node:crypto), node:crypto's beside the
  // warm rows.
  "minimum-node-crypto-streamed": {
    label: "hand-written minimum, node:crypto HMAC, answering through a response stream",
    entry: join(benchDir, "minimum/lambda-node-crypto-streamed.mjs"),
    options: nodeBundle,
  },
  "minimum-web-crypto-streamed": {
    label: "hand-written minimum, Web Crypto HMAC, answering through a response stream",
    entry: join(benchDir, "minimum/lambda-web-crypto-streamed.mjs"),
    options: nodeBundle,
  },
  "minimum-web-crypto": {
    label: "hand-written minimum, Web Crypto HMAC",
    entry: join(benchDir, "minimum/lambda-web-crypto.mjs"),
    options: nodeBundle,
  },
  "minimum-worker": {
    label: "hand-written minimum Worker, Web Crypto HMAC",
    entry: join(benchDir, "minimum/worker.mjs"),
    options: {
      ...workerBundleOptions,
      conditions: [...workerBundleOptions.conditions],
      mainFields: [...workerBundleOptions.mainFields],
      logLevel: "silent",
    },
  },
  bolt: {
    label: "Slack Bolt 5.1 (AwsLambdaReceiver)",
    entry: join(benchDir, "bolt/lambda.mjs"),
    options: { ...nodeBundle, banner: requireBanner },
  },
};

/** The cold start contender that is the AWS example's split build alone (the cache not taken). */
export const AWS_SPLIT = "aws-split";

/** The minimums answering through a response stream: beside the warm rows and the cold starts. */
export const NODE_STREAMED = "minimum-node-crypto-streamed";
export const WEB_STREAMED = "minimum-web-crypto-streamed";

/** The CatOps targets whose size has a budget. */
export const BUDGETED = ["aws", "azure", "gcp", "cloudflare", "node"] as const;

/** Builds one target into `outDir`/<name>.mjs. Skips (undefined) an example not written yet. */
export async function buildArtifact(name: string, outDir: string): Promise<Artifact | undefined> {
  const target = TARGETS[name];
  if (!target) throw new Error(`unknown target ${name}`);
  if (!existsSync(target.entry)) return undefined;
  const file = join(outDir, `${name}.mjs`);
  await mkdir(outDir, { recursive: true });
  if (name === "cloudflare") {
    // What `wrangler deploy` uploads (wrangler on Node 22 runs the example's split build).
    const upload = await dryRun({ outdir: join(outDir, "wrangler") });
    return splitSizeOf(name, upload.file, upload.modules);
  }
  if (name === "azure") {
    // The example's own bundle script: dist/index.js and its lazily loaded chunks.
    const script = pathToFileURL(join(examples, "azure/scripts/bundle.mjs")).href;
    const { bundleApp } = (await import(script)) as {
      bundleApp(outdir: string): Promise<string[]>;
    };
    const files = await bundleApp(join(outDir, "azure"));
    const entry = join(outDir, "azure", "index.js");
    if (!files.includes(entry)) throw new Error(`no ${entry} in the Azure bundle`);
    return splitSizeOf(name, entry, files);
  } else if (name === "aws") {
    // The example's own bundle script, so the bench measures exactly what it deploys.
    const bundle = await awsBundle();
    // The code cache made for this machine and the flags the bench starts node with (none), as
    // a deploy makes it for Lambda's: V8 takes it only from its own version and processor, under
    // the flags it was made with.
    const { outfile, esm, splitFiles, codeCacheFiles } = await bundle({
      outfile: join(outDir, "aws", "handler.mjs"),
      regenerate: false,
      target: "host",
      nodeFlags: [],
    });
    // Sized as the split build, what a cold start loads where the cache is not taken; run
    // through the entry the templates name, which takes it.
    return {
      ...splitSizeOf(name, esm, splitFiles),
      file: outfile,
      codeCacheBytes: codeCacheFiles!.reduce((sum, file) => sum + statSync(file).size, 0),
      splitFile: esm,
    };
  } else if (target.options.splitting) {
    const outdir = join(outDir, name);
    rmSync(outdir, { recursive: true, force: true });
    const { metafile } = await build({
      ...target.options,
      entryPoints: { index: target.entry },
      outdir,
      metafile: true,
      plugins: [workspaceSource()],
    });
    // As the examples build: the chunks the entry imports joined into it.
    const entry = join(outdir, "index.js");
    const files = await joinColdPath({ entry, metafile });
    return splitSizeOf(name, entry, files);
  } else {
    await build({
      ...target.options,
      entryPoints: [target.entry],
      outfile: file,
      plugins: [workspaceSource()],
    });
  }
  return sizeOf(name, file);
}

/** examples/aws/scripts/bundle.mjs's `bundle`. */
export type AwsBundle = (options: {
  outfile: string;
  regenerate: boolean;
  entry?: string;
  codeCache?: boolean;
  target?: "host";
  nodeFlags?: readonly string[];
}) => Promise<{
  outfile: string;
  esm: string;
  files: string[];
  splitFiles: string[];
  /** Where the cache was made: the entry, the cold path's script and its cache. */
  codeCacheFiles?: string[];
  codeCache: string;
}>;

/** The example's own AWS bundle script, loaded from where it lives. */
export async function awsBundle(): Promise<AwsBundle> {
  const script = pathToFileURL(join(examples, "aws/scripts/bundle.mjs")).href;
  return ((await import(script)) as { bundle: AwsBundle }).bundle;
}

/** A split bundle: `bytes` is what a cold start loads, `totalBytes` every file. */
export function splitSizeOf(name: string, entry: string, files: readonly string[]): Artifact {
  const loaded = staticClosure(entry);
  const code = Buffer.concat(loaded.map((file) => readFileSync(file)));
  return {
    name,
    file: entry,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    totalBytes: files.reduce((sum, path) => sum + statSync(path).size, 0),
    files: [entry, ...files.filter((path) => path !== entry)],
  };
}

export function sizeOf(name: string, file: string): Artifact {
  const bytes = readFileSync(file);
  return {
    name,
    file,
    bytes: statSync(file).size,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
  };
}

/**
 * Makes the packages each artifact leaves out resolvable beside it, as the platform provides
 * them: the AWS SDK (Lambda's runtime), @azure/functions and the Google Cloud SDKs (installed
 * with the app), better-sqlite3 and ws (installed with the Node server).
 */
export function linkExternals(outDir: string): void {
  const links: [string, string][] = [
    ["@aws-sdk", join(examples, "aws/node_modules/@aws-sdk")],
    ["@azure", join(examples, "azure/node_modules/@azure")],
    ["@google-cloud", join(examples, "gcp/node_modules/@google-cloud")],
    ["better-sqlite3", join(repoRoot, "adapters/node/node_modules/better-sqlite3")],
    ["ws", join(repoRoot, "adapters/node/node_modules/ws")],
  ];
  const modules = join(outDir, "node_modules");
  mkdirSync(modules, { recursive: true });
  for (const [name, target] of links) {
    const link = join(modules, name);
    if (!existsSync(target) || existsSync(link)) continue;
    symlinkSync(target, link, "dir");
  }
}
