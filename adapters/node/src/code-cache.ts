// A function's handler with V8's code cache. A cold start spends most of its CPU compiling: the
// bundle's top level when it is imported, then each function of the request path the first time
// it runs. V8 can save that compiled code and take it back in a later process, skipping both,
// if the later process runs the same V8, on the same processor, with the same V8 flags. Node's
// own compile cache saves a module as it is first compiled, before any request has run, and its
// directory is empty at every Lambda cold start; so this one is made at build time, after the
// handler has answered once, in a process started with the flags the runtime will use.
//
// What it writes, beside the split ES module build it falls back on:
//   <name>.mjs           the entry the platform loads: the cache if V8 takes it, else the ES build
//   <name>.script.js     the whole handler as one script, wrapped as Node wraps a CommonJS
//                        module (its parts loaded on first use are compiled only when first run)
//   <name>.script.js.cache  the compiled code, made after the warm-up's answer
// V8 checks a cache against its version and flags and compiles from source when it does not
// match, which for the whole handler costs more than the split build. So the entry compares the
// V8 version and processor first; then, unless its process was started exactly as the warm-up's
// was, it asks V8 about a tiny script cached in the warm-up; it loads the ES build when told no.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions, build } from "esbuild";

export interface CodeCacheOptions {
  /** The handler's source, as the ES module build's entry. */
  entry: string;
  /** The directory the entry, the script and its cache are written to. */
  outdir: string;
  /** The file name of the entry, without its extension. Default "handler". */
  name?: string;
  /** The ES module build to load when V8 will not take the cache, relative to `outdir`. */
  fallback: string;
  /** What the bundle leaves out and how it resolves (`external`, `plugins`, `absWorkingDir`). */
  build?: Pick<BuildOptions, "external" | "plugins" | "absWorkingDir" | "define">;
  /**
   * The Node flags the runtime starts `node` with: V8 takes a cache only under the flags it was
   * made with (Lambda's are `lambdaNodeFlags(memorySize)`).
   */
  nodeFlags: readonly string[];
  /**
   * An ES module run in the warm-up process: its default export is given the handler module's
   * exports and answers one request with it, so the code a request runs is compiled and cached.
   */
  warmUp: string;
  /** The warm-up process's environment (the handler reads its settings when it loads). */
  env?: Record<string, string | undefined>;
  /** The names the entry exports from the handler. Default: `handler`. */
  exportNames?: readonly string[];
}

export interface CodeCachedEntry {
  /** The entry the platform loads. */
  entry: string;
  /** The script and its cache. */
  files: string[];
}

// A script V8 compiles at once: its cache, made in the warm-up process, says whether this
// process's V8 and flags are the ones the handler's cache was made under.
const PROBE = "0";

/**
 * Bundles `entry` as one CommonJS script, runs `warmUp` with it in a process started with
 * `nodeFlags`, saves V8's code cache after that, and writes the entry that loads it.
 */
export async function writeCodeCachedEntry(options: CodeCacheOptions): Promise<CodeCachedEntry> {
  const name = options.name ?? "handler";
  const script = join(options.outdir, `${name}.script.js`);
  const made = join(options.outdir, `${name}.made.json`);
  const { outputFiles } = await build({
    ...options.build,
    entryPoints: [options.entry],
    outfile: script,
    write: false,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    legalComments: "none",
    // A script run by node:vm cannot import(): what the bundle leaves out (the AWS SDK,
    // node:crypto) is required instead.
    supported: { "dynamic-import": false },
    logLevel: "warning",
  });
  // Wrapped here as Node wraps a CommonJS module, so the entry hands V8 the file as it is read.
  const code = Buffer.concat([
    Buffer.from(`(function (exports, require, module, __filename, __dirname) {${EOL}`),
    outputFiles![0]!.contents,
    Buffer.from(`${EOL}})`),
  ]);
  mkdirSync(options.outdir, { recursive: true });
  writeFileSync(script, code);
  // esbuild escapes what is not ASCII: read as Latin-1, the text is copied, not decoded.
  const encoding: Loader["encoding"] = code.every((byte) => byte < 0x80) ? "latin1" : "utf8";
  const warmUp = spawnSync(
    process.execPath,
    [
      ...options.nodeFlags,
      "--input-type=module",
      "-e",
      warmUpProgram({ script, encoding, made, warmUp: options.warmUp }),
    ],
    { env: options.env ?? process.env, encoding: "utf8", timeout: 60_000 },
  );
  if (warmUp.status !== 0)
    throw new Error(`the code cache's warm-up failed: ${warmUp.stderr || warmUp.stdout}`.trim());
  const madeUnder = JSON.parse(readFileSync(made, "utf8")) as MadeUnder;
  rmSync(made);
  const entry = join(options.outdir, `${name}.mjs`);
  const names = options.exportNames ?? ["handler"];
  const loader = {
    script: basename(script),
    nodeFlags: options.nodeFlags,
    encoding,
    fallback: options.fallback,
    names,
  };
  writeFileSync(entry, entryModule(loader, madeUnder));
  return { entry, files: [script, `${script}.cache`] };
}

const EOL = "\n";

/**
 * The flags AWS Lambda's Node.js runtime starts `node` with for a function of `memorySize` MB:
 * its bootstrap gives a tenth of the memory to the young generation, split into two semi-spaces.
 */
export function lambdaNodeFlags(memorySize: number): string[] {
  const newSpace = Math.floor(memorySize / 10);
  return [
    "--expose-gc",
    "--max-http-header-size",
    "81920",
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memorySize - newSpace}`,
  ];
}

/** Where a function runs: its processor (`process.arch`'s names) and Node's major version. */
export interface FunctionRuntime {
  arch: string;
  nodeMajor: number;
}

/**
 * Why a code cache made on this machine would not be taken where the function runs, or
 * undefined where it could be: V8 takes a cache only from its own version and processor. (Two
 * Node releases of one major line can still differ in V8's version; the entry checks that.)
 */
export function codeCacheMismatch(runtime: FunctionRuntime): string | undefined {
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  if (runtime.arch === process.arch && runtime.nodeMajor === nodeMajor) return undefined;
  return `this is ${process.arch} Node ${nodeMajor}, the function runs on ${runtime.arch} Node ${runtime.nodeMajor}`;
}

/**
 * How the entry and the warm-up both run the script: as Node runs a CommonJS module. Node's
 * modules come from `process.getBuiltinModule` where Node has it (20.16, 22.3): an import or a
 * first `createRequire` costs a cold start about half a millisecond each.
 */
const RUN_SCRIPT = `
const builtin = (name) => process.getBuiltinModule?.(name) ?? createRequire(import.meta.url)(name);
function runScript(file, encoding, cachedData) {
  // Read, then decoded: an encoding given to readFileSync is checked by a slower path first.
  const source = builtin("node:fs").readFileSync(file).toString(encoding);
  const script = new (builtin("node:vm").Script)(source, {
    filename: file,
    cachedData,
  });
  const module = { exports: {} };
  // The script's own require, made when it first requires something (the AWS SDK).
  let made;
  const require = (id) => (made ??= builtin("node:module").createRequire(file))(id);
  require.resolve = (id, options) => (made ??= builtin("node:module").createRequire(file)).resolve(id, options);
  script.runInThisContext()(module.exports, require, module, file, builtin("node:path").dirname(file));
  return { script, exports: module.exports };
}`;

function warmUpProgram(parts: {
  script: string;
  encoding: Loader["encoding"];
  made: string;
  warmUp: string;
}): string {
  const { script, encoding, made, warmUp } = parts;
  return `
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Script } from "node:vm";
${RUN_SCRIPT}
// First, as a runtime sets itself up before it loads a handler (Lambda's \`awslambda\` global).
const { default: warmUp } = await import(${JSON.stringify(pathToFileURL(warmUp).href)});
const { script, exports } = runScript(${JSON.stringify(script)}, ${JSON.stringify(encoding)});
await warmUp(exports);
writeFileSync(${JSON.stringify(`${script}.cache`)}, script.createCachedData());
const probe = new Script(${JSON.stringify(PROBE)}).createCachedData().toString("base64");
const nodeOptions = process.env.NODE_OPTIONS ?? "";
writeFileSync(${JSON.stringify(made)}, JSON.stringify({ v8: process.versions.v8, arch: process.arch, nodeOptions, probe }));
process.exit(0);
`;
}

/** The V8 the cache was made by, how its process was started, and its probe's cache (base64). */
interface MadeUnder {
  v8: string;
  arch: string;
  nodeOptions: string;
  probe: string;
}

interface Loader {
  /** The script's file name, beside the entry. */
  script: string;
  /** The flags the warm-up's `node` was started with. */
  nodeFlags: readonly string[];
  encoding: "latin1" | "utf8";
  fallback: string;
  names: readonly string[];
}

function entryModule(loader: Loader, made: MadeUnder): string {
  const { script, nodeFlags, encoding, fallback, names } = loader;
  return `// Written by @catops/node's writeCodeCachedEntry: the handler from ${script} with
// the code V8 compiled at build time, where this process's V8 takes it; else the ES module build.
// Node's own modules are taken as they are needed (builtin), so the split build's path loads none.
const { createRequire } = process.getBuiltinModule ? {} : await import("node:module");
${RUN_SCRIPT}
function cached() {
  // Another V8 or processor never takes the cache: known without asking V8. (Node's patches
  // to V8, its "-node.N", are not V8's to check.)
  if (process.versions.v8.split("-")[0] !== ${JSON.stringify(made.v8.split("-")[0])} || process.arch !== ${JSON.stringify(made.arch)})
    return undefined;
  // Started as the warm-up was, V8 takes the cache. Started otherwise, V8 is asked, with a script
  // cached in the warm-up: not every flag is V8's.
  const asWarmUp =
    process.execArgv.join(" ") === ${JSON.stringify(nodeFlags.join(" "))} &&
    (process.env.NODE_OPTIONS ?? "") === ${JSON.stringify(made.nodeOptions)};
  if (!asWarmUp) {
    const probe = new (builtin("node:vm").Script)(${JSON.stringify(PROBE)}, {
      cachedData: Buffer.from(${JSON.stringify(made.probe)}, "base64"),
    });
    if (probe.cachedDataRejected) return undefined;
  }
  const file = builtin("node:url").fileURLToPath(new URL(${JSON.stringify(`./${script}`)}, import.meta.url));
  const cache = builtin("node:fs").readFileSync(file + ".cache");
  const { script, exports } = runScript(file, ${JSON.stringify(encoding)}, cache);
  return { ...exports, codeCache: script.cachedDataRejected ? "rejected" : "used" };
}
const taken = cached();
const loaded = taken ?? (await import(${JSON.stringify(fallback)}));
export const { ${names.join(", ")} } = loaded;
/** Whether the compiled code was used: "used", "rejected" by V8, or "not taken" (the ES build ran). */
export const codeCache = taken?.codeCache ?? "not taken";
`;
}
