// A function's handler with V8's code cache. A cold start spends most of its CPU compiling: the
// bundle's top level when it is imported, then each function of the request path the first time
// it runs. V8 can save that compiled code and take it back in a later process, skipping both,
// if the later process runs the same V8, on the same processor, with the same V8 flags. Node's
// own compile cache saves a module as it is first compiled, before any request has run, and its
// directory is empty at every Lambda cold start; so this one is made at build time, after the
// handler has answered once, in a process started with the flags the runtime will use.
//
// The code is the function's split ES module build (see joinColdPath), each module made a script
// wrapped as Node wraps a CommonJS module: node:vm caches a script, not an ES module. What a cold
// start loads is then the joined cold path and its cache; the modules loaded on first use are
// scripts beside it, compiled when first required, as their ES modules would be. What it writes:
//   <name>.mjs                      the entry the platform loads: the scripts if V8 takes the
//                                   cache, else the ES build
//   <name>-script/<split entry>.js  the cold path as a script, and its compiled code in
//                                   `.js.cache`, made after the warm-up's answer
//   <name>-script/chunks/*.js       the modules loaded on first use, as scripts
// V8 checks a cache against its version and flags and compiles from source when it does not
// match, which costs more than loading the ES build. So the entry compares the V8 version and
// processor first; then, unless its process was started exactly as the warm-up's was, it asks V8
// about a tiny script cached in the warm-up; it loads the ES build when told no.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";

export interface CodeCacheOptions {
  /** The directory the entry is written to; the scripts go in `<name>-script/` beside it. */
  outdir: string;
  /** The file name of the entry, without its extension. Default "handler". */
  name?: string;
  /**
   * The split ES module build the scripts are made from, and the entry loads when V8 will not
   * take the cache: its entry, relative to `outdir` ("./esm/handler.mjs").
   */
  fallback: string;
  /** That build's files, as `joinColdPath` resolves to them: its entry and its later modules. */
  files: readonly string[];
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
  /** What a cold start reads besides the entry where V8 takes the cache: the script and cache. */
  coldPath: string[];
  /** Every file written but the entry: those, and the scripts loaded on first use. */
  files: string[];
}

// A script V8 compiles at once: its cache, made in the warm-up process, says whether this
// process's V8 and flags are the ones the handler's cache was made under.
const PROBE = "0";

/**
 * Makes a script of every module of the split build `fallback`, runs `warmUp` with them in a
 * process started with `nodeFlags`, saves V8's code cache of the cold path after that, and
 * writes the entry that loads it.
 */
export async function writeCodeCachedEntry(options: CodeCacheOptions): Promise<CodeCachedEntry> {
  const name = options.name ?? "handler";
  // Absolute, as the scripts' `require` is made from their paths.
  const outdir = resolve(options.outdir);
  const splitEntry = resolve(outdir, options.fallback);
  const scriptDir = join(outdir, `${name}-script`);
  rmSync(scriptDir, { recursive: true, force: true });
  const { scripts, ascii } = await writeScripts(splitEntry, options.files, scriptDir);
  const script = scripts[0]!;
  const made = join(outdir, `${name}.made.json`);
  // esbuild escapes what is not ASCII: read as Latin-1, the text is copied, not decoded.
  const encoding: Loader["encoding"] = ascii ? "latin1" : "utf8";
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
  const entry = join(outdir, `${name}.mjs`);
  const names = options.exportNames ?? ["handler"];
  const loader = {
    script: relative(outdir, script).split(sep).join("/"),
    nodeFlags: options.nodeFlags,
    encoding,
    fallback: options.fallback,
    names,
  };
  writeFileSync(entry, entryModule(loader, madeUnder));
  const coldPath = [script, `${script}.cache`];
  return { entry, coldPath, files: [...coldPath, ...scripts.slice(1)] };
}

/**
 * Writes each ES module of the split build as a script in `scriptDir`, at the same place
 * relative to the build's entry's folder, its `.mjs` a `.js`. Resolves to the scripts, the
 * entry's first, and whether all of them are ASCII. A module importing another by a relative name
 * requires it by that name (the scripts' `require` finds its script); `import()` becomes a
 * `require` in a promise.
 */
async function writeScripts(
  splitEntry: string,
  files: readonly string[],
  scriptDir: string,
): Promise<{ scripts: string[]; ascii: boolean }> {
  const root = dirname(splitEntry);
  const later = files.map((file) => resolve(file)).filter((file) => file !== splitEntry);
  const modules = [splitEntry, ...later.filter(isModule)];
  const scripts: string[] = [];
  let ascii = true;
  for (const file of modules) {
    const path = relative(root, file);
    if (path.startsWith(".."))
      throw new Error(`${file} is not in ${root}, the split build's folder`);
    const code = readFileSync(file, "utf8");
    // A script has no module URL to read.
    if (code.includes("import.meta"))
      throw new Error(`${file} reads import.meta: it cannot be made a script`);
    const { code: cjs } = await transform(code, {
      format: "cjs",
      // A script run by node:vm cannot import(): the module is required instead.
      supported: { "dynamic-import": false },
      platform: "node",
      target: "node20",
      minify: true,
      legalComments: "none",
      logLevel: "silent",
    });
    const script = join(scriptDir, path.replace(/\.m?js$/, ".js"));
    mkdirSync(dirname(script), { recursive: true });
    // Wrapped here as Node wraps a CommonJS module, so the entry hands V8 the file as it is read.
    writeFileSync(
      script,
      `(function (exports, require, module, __filename, __dirname) {${EOL}${cjs}})`,
    );
    scripts.push(script);
    ascii &&= !NOT_ASCII.test(cjs);
  }
  return { scripts, ascii };
}

const NOT_ASCII = /[^\0-\x7f]/;

const isModule = (file: string) => /\.m?js$/.test(file);

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
 * How the entry and the warm-up both run the scripts: each as Node runs a CommonJS module, once;
 * a script requiring another of the build by a relative name gets that script's exports. Node's
 * modules come from `process.getBuiltinModule` where Node has it (20.16, 22.3): an import or a
 * first `createRequire` costs a cold start about half a millisecond each.
 */
const RUN_SCRIPT = `
const builtin = (name) => process.getBuiltinModule?.(name) ?? createRequire(import.meta.url)(name);
const scripts = new Map();
function runScript(file, encoding, cachedData) {
  let module = scripts.get(file);
  if (module) return module;
  // Read, then decoded: an encoding given to readFileSync is checked by a slower path first.
  const source = builtin("node:fs").readFileSync(file).toString(encoding);
  const script = new (builtin("node:vm").Script)(source, {
    filename: file,
    cachedData,
  });
  module = { exports: {}, script };
  scripts.set(file, module);
  const dir = builtin("node:path").dirname(file);
  // Node's require for the rest (the AWS SDK), made when the script first asks for it.
  let made;
  const node = () => (made ??= builtin("node:module").createRequire(file));
  const require = (id) =>
    id.startsWith("./") || id.startsWith("../")
      ? runScript(builtin("node:path").join(dir, id.replace(/\\.mjs$/, ".js")), encoding).exports
      : node()(id);
  require.resolve = (id, options) => node().resolve(id, options);
  script.runInThisContext()(module.exports, require, module, file, dir);
  return module;
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
  /** The cold path's script, relative to the entry. */
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
  return { exports, codeCache: script.cachedDataRejected ? "rejected" : "used" };
}
const taken = cached();
// Only the names the entry exports are read: the cold path exports many more, for its later
// modules, each a getter.
const loaded = taken?.exports ?? (await import(${JSON.stringify(fallback)}));
export const { ${names.join(", ")} } = loaded;
/** Whether the compiled code was used: "used", "rejected" by V8, or "not taken" (the ES build ran). */
export const codeCache = taken?.codeCache ?? "not taken";
`;
}
