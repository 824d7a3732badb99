// One module for what a cold start loads. esbuild splits a build into the entry, the chunks it
// imports statically and the modules loaded on first use; the chunks exist only because the later
// modules share code with the entry, and esbuild makes one for every set of modules that shares
// some. Node's module loader costs a cold start about half a millisecond of CPU per module
// (resolve, read, compile, link), so the Lambda example's nine cold-path modules cost 3 ms more
// than the same code in one (measured paired, Node 20). This joins the entry and its chunks into
// the entry (or into one module beside it, for a Worker) and points the later modules at the
// names the joined module exports.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build, type Metafile, type Plugin, transform } from "esbuild";

export interface JoinColdPathOptions {
  /** The entry's output file, as the metafile names it. The build has no other entry point. */
  entry: string;
  /** The split build's metafile (esbuild's `metafile: true`). */
  metafile: Metafile;
  /** What the metafile's paths are relative to: the build's `absWorkingDir`. Default: cwd. */
  workingDir?: string;
  /** Minify the rewritten modules, as the build did. Default true. */
  minify?: boolean;
  /**
   * Where the joined code goes, when not into the entry: a module beside it, which the entry
   * then re-exports its own names from. For a runtime that reads every export of the entry as
   * a handler (workerd): the names the later modules import stay off the entry. Relative to
   * `workingDir`, like `entry`.
   */
  into?: string;
}

/**
 * Joins the entry and the chunks it imports statically into the entry file, rewrites the modules
 * loaded on first use to import what they share from it, and deletes the joined chunks. Resolves
 * to every output file left, absolute, the entry first.
 *
 * A chunk the cold path imports for nothing by name, whose code all comes from packages that
 * declare `"sideEffects": false`, is left out of it: it stays a chunk, loaded with the first
 * later module that uses it. (esbuild ignores that declaration in a build with code splitting,
 * so a module a package's index re-exports, used only on first use, is otherwise imported by the
 * entry for its order alone.)
 *
 * The build is left as it is when the entry awaits at its top level (a later module importing
 * the entry would wait for it forever). A chunk that reads `import.meta` is refused: its URL
 * would change. The joined module exports more than the entry's own names; with `into`, that
 * is a module beside the entry, and the entry keeps exactly its own.
 */
export async function joinColdPath(options: JoinColdPathOptions): Promise<string[]> {
  const at = (path: string) => resolve(options.workingDir ?? process.cwd(), path);
  const outputs = new Map(Object.entries(options.metafile.outputs).map(([p, o]) => [at(p), o]));
  const entry = at(options.entry);
  if (!outputs.has(entry)) throw new Error(`${options.entry} is not an output of this build`);
  const joinedFile = options.into === undefined ? entry : at(options.into);
  const modules = [...outputs.keys()].filter((file) => /\.m?js$/.test(file));
  const unchanged = [entry, ...modules.filter((file) => file !== entry)];

  const staticImports = (file: string) =>
    (outputs.get(file)?.imports ?? [])
      .filter((each) => each.kind === "import-statement" && !each.external)
      .map((each) => at(each.path));
  const imported = staticClosure(entry, staticImports);
  if (imported.size === 1 || (await awaitsAtTopLevel(readFileSync(entry, "utf8"))))
    return unchanged;
  // A chunk imported for nothing by name, all of whose code declares itself free of side
  // effects, waits for the later module that uses it.
  const pure = sideEffectFree(outputs, at);
  const cold = staticClosure(entry, (file) => {
    const code = readFileSync(file, "utf8");
    return staticImports(file).filter(
      (chunk) => !pure(chunk) || importsNamesFrom(code, file, chunk),
    );
  });
  const deferred = new Set([...imported].filter((file) => !cold.has(file)));
  const chunks = [...cold].filter((file) => file !== entry);
  for (const chunk of chunks)
    if (readsImportMeta(readFileSync(chunk, "utf8")))
      throw new Error(`${chunk} reads import.meta: it cannot be joined into ${entry}`);

  // The entry's own names, and every name a chunk exports under a short name of its own.
  const exportsOf = (file: string) => outputs.get(file)?.exports ?? [];
  const aliases = new Map<string, string>();
  for (const chunk of chunks)
    for (const name of exportsOf(chunk)) aliases.set(`${chunk}\0${name}`, shortName(aliases.size));
  const alias = (chunk: string, name: string) => aliases.get(`${chunk}\0${name}`)!;
  const reexport = (names: string[], from: string) =>
    names.length > 0 ? `export { ${names.join(", ")} } from ${JSON.stringify(from)};` : "";
  const joined = [
    // An entry that only registers handlers (Azure's app, GCP's functions) exports nothing: it
    // is imported for what it does.
    reexport(exportsOf(entry), entry) || `import ${JSON.stringify(entry)};`,
    ...chunks.map((chunk) =>
      reexport(
        exportsOf(chunk).map((name) => `${name} as ${alias(chunk, name)}`),
        chunk,
      ),
    ),
  ].join("\n");
  const minify = options.minify ?? true;
  const later = unchanged.filter((file) => !cold.has(file));

  await build({
    stdin: { contents: joined, resolveDir: dirname(entry), loader: "js" },
    ...rebuild(minify),
    outfile: `${joinedFile}.tmp`,
    plugins: [laterModulesExternal(joinedFile, cold, deferred)],
  });
  for (const file of later)
    await build({
      entryPoints: [file],
      ...rebuild(minify),
      outfile: `${file}.tmp`,
      plugins: [
        sharedFromEntry(joinedFile, file, cold, (chunk) =>
          exportsOf(chunk).map((name) => `${alias(chunk, name)} as ${name}`),
        ),
      ],
    });
  for (const chunk of chunks) rmSync(chunk);
  for (const file of [joinedFile, ...later]) renameSync(`${file}.tmp`, file);
  if (joinedFile === entry) return [entry, ...later];
  const from = JSON.stringify(relativeTo(entry, joinedFile));
  const own = exportsOf(entry);
  writeFileSync(
    entry,
    own.length > 0 ? `export{${own.join(",")}}from${from};\n` : `import${from};\n`,
  );
  return [entry, joinedFile, ...later];
}

/** Whether a module awaits at its top level: esbuild refuses to write such a module as CommonJS. */
async function awaitsAtTopLevel(code: string): Promise<boolean> {
  try {
    await transform(code, { format: "cjs", loader: "js", logLevel: "silent" });
    return false;
  } catch (error) {
    return String((error as Error).message).includes("Top-level await");
  }
}

// The banner a Node bundle carries for the CommonJS code in it: its URL only anchors `require`,
// which finds built-ins and packages from the entry's folder as it did from the chunks'.
const REQUIRE_BANNER =
  /createRequire as (\w+)\s*\}\s*from\s*"node:module";\s*const require\s*=\s*\1\(import\.meta\.url\);/g;

/** Whether code reads its own module's URL, other than for `require`. */
function readsImportMeta(code: string): boolean {
  return code.replace(REQUIRE_BANNER, "").includes("import.meta");
}

const NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `$a`, `$b`, … `$Z`, `$aa`, …: the joined module's names, as short as the bytes they cost. */
function shortName(index: number): string {
  let name = "";
  for (let n = index; n >= 0; n = Math.floor(n / NAME_LETTERS.length) - 1)
    name = NAME_LETTERS[n % NAME_LETTERS.length] + name;
  return `$${name}`;
}

/** Every file `file` reaches through `importsOf`, itself included. */
function staticClosure(file: string, importsOf: (file: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [file];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...importsOf(next));
  }
  return seen;
}

/** The output is built already: read as it is, packages and node: modules left to the runtime. */
function rebuild(minify: boolean) {
  return {
    bundle: true,
    format: "esm" as const,
    packages: "external" as const,
    platform: "neutral" as const,
    minify,
    legalComments: "none" as const,
    logLevel: "warning" as const,
  };
}

const relativeTo = (from: string, to: string) => {
  const path = relative(dirname(from), to);
  return path.startsWith(".") ? path : `./${path}`;
};

/**
 * The joined module takes the cold chunks in and leaves every later module where it is. A
 * deferred chunk, imported for nothing by name, is not imported at all.
 */
function laterModulesExternal(joined: string, cold: Set<string>, deferred: Set<string>): Plugin {
  return {
    name: "catops-later-modules-external",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\.{1,2}\/|^\// }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (cold.has(target)) return undefined;
        if (deferred.has(target)) return { path: target, namespace: "catops-deferred" };
        return { path: relativeTo(joined, target), external: true };
      });
      esbuild.onLoad({ filter: /.*/, namespace: "catops-deferred" }, () => ({
        contents: "",
        loader: "js",
      }));
    },
  };
}

/**
 * Whether an output's every input is declared free of side effects by its package: one whose
 * `"sideEffects"` is false, or a list of the files that have them which names none of these.
 */
function sideEffectFree(
  outputs: Map<string, Metafile["outputs"][string]>,
  at: (path: string) => string,
) {
  const declared = new Map<string, SideEffects>();
  /** The declaration of the package `dir` is in, and that package's directory. */
  const declarationOf = (dir: string): SideEffects => {
    let known = declared.get(dir);
    if (known === undefined) {
      const manifest = join(dir, "package.json");
      const parent = dirname(dir);
      known = existsSync(manifest)
        ? { dir, files: sideEffectFiles(JSON.parse(readFileSync(manifest, "utf8")).sideEffects) }
        : parent !== dir
          ? declarationOf(parent)
          : { dir, files: undefined };
      declared.set(dir, known);
    }
    return known;
  };
  const free = (file: string): boolean => {
    const { dir, files } = declarationOf(dirname(file));
    if (files === undefined) return false;
    const path = relative(dir, file).split(sep).join("/");
    return !files.some((pattern) => pattern.test(path));
  };
  return (file: string): boolean => {
    const inputs = Object.keys(outputs.get(file)?.inputs ?? {});
    // An input esbuild names with a namespace (`ns:path`) is not a file a package declares.
    return inputs.length > 0 && inputs.every((input) => !/^[\w-]+:/.test(input) && free(at(input)));
  };
}

/** A package's directory, and the files it says have side effects (undefined: it does not say). */
interface SideEffects {
  dir: string;
  files: RegExp[] | undefined;
}

/**
 * `"sideEffects"` as patterns over paths relative to the package: false is no file, a list is its
 * files (as bundlers read it: `*` within a directory, `**` across them, a pattern without a `/`
 * matching a file's name anywhere), anything else every file.
 */
function sideEffectFiles(declared: unknown): RegExp[] | undefined {
  if (declared === false) return [];
  if (!Array.isArray(declared)) return undefined;
  return declared
    .filter((pattern): pattern is string => typeof pattern === "string")
    .map((pattern) => {
      const glob = pattern.replace(/^\.\//, "");
      const body = glob
        .split(/(\*\*\/?|\*)/)
        .map((part) => GLOB_PARTS[part] ?? escapeRegExp(part))
        .join("");
      return new RegExp(`${glob.includes("/") ? "^" : "(?:^|/)"}${body}$`);
    });
}

const GLOB_PARTS: Record<string, string> = { "**/": "(?:.*/)?", "**": ".*", "*": "[^/]*" };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether `code` (the output `file`) imports any name from the output `chunk`. */
function importsNamesFrom(code: string, file: string, chunk: string): boolean {
  const quoted = JSON.stringify(relativeTo(file, chunk));
  return code.includes(`from${quoted}`) || code.includes(`from ${quoted}`);
}

/** A later module imports what it shares with the cold path from the joined module. */
function sharedFromEntry(
  joined: string,
  file: string,
  cold: Set<string>,
  renames: (chunk: string) => string[],
): Plugin {
  return {
    name: "catops-shared-from-entry",
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (args.namespace === "catops-cold-chunk") return { path: args.path, external: true };
        const target = resolve(args.resolveDir, args.path);
        if (cold.has(target)) return { path: target, namespace: "catops-cold-chunk" };
        return { path: relativeTo(file, target), external: true };
      });
      // A chunk it imports for what it does (nothing named) has run with the entry already.
      esbuild.onLoad({ filter: /.*/, namespace: "catops-cold-chunk" }, ({ path }) => {
        const names = renames(path);
        const from = JSON.stringify(relativeTo(file, joined));
        return {
          contents: names.length > 0 ? `export { ${names.join(", ")} } from ${from};` : "",
          loader: "js",
        };
      });
    },
  };
}
