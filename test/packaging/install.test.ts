// A team's first day: the tarballs `pnpm publish` would upload, installed into a new project
// outside the workspace (so nothing resolves through it) with an empty store of its own (third-party
// packages from the registry), type-checked with TypeScript and run with plain Node. A missing
// file, a wrong export or an undeclared dependency fails here.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registryProblem } from "../support/registry.ts";
import { userShellEnv } from "../support/user-env.ts";
import {
  entryPoints,
  fixturesDir,
  installedVersion,
  type PackedPackage,
  packInto,
  parseSurface,
  repoRoot,
  type RunResult,
  run,
  specifierOf,
  surfaceSnapshot,
  temporaryDir,
} from "./support.ts";

const work = temporaryDir("catops-install-");
const app = join(work.dir, "app");
let packed: PackedPackage[] = [];
let install: RunResult;
let compile: { errors: string; emitted: string[] };

// The child processes see the environment a user's shell has, not this workspace's pnpm run.
const env = userShellEnv();

/** The native SQLite driver, an optional peer of @catops/node: this app runs without it. */
const NATIVE_PEER = "better-sqlite3";

/**
 * The platform SDKs the packages take as peers, at the versions tested here. The optional ones
 * too: a subpath that uses one (`@catops/aws-lambda/dynamodb`) names it in its declarations.
 */
function platformPeers(): Record<string, string> {
  const peers: Record<string, string> = {};
  for (const pkg of packed)
    for (const peer of Object.keys(pkg.manifest.peerDependencies ?? {}))
      if (peer !== NATIVE_PEER) peers[peer] = installedVersion(pkg.dir, peer);
  return peers;
}

/**
 * The packages' own third-party dependencies at the versions the workspace installed (its
 * lockfile's), so the app installs the versions tested here.
 */
function workspaceVersions(): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const pkg of packed)
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {}))
      if (dep !== "catops" && !dep.startsWith("@catops/"))
        pinned[dep] = installedVersion(pkg.dir, dep);
  return pinned;
}

function writeApp(): void {
  mkdirSync(join(app, "src"), { recursive: true });
  mkdirSync(join(app, "plugins"), { recursive: true });
  const tarballs = Object.fromEntries(packed.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  const manifest = {
    name: "catops-first-day",
    private: true,
    type: "module",
    dependencies: { ...tarballs, ...platformPeers() },
    devDependencies: {
      // What a TypeScript Lambda project has: middy's declarations import aws-lambda's types.
      "@types/aws-lambda": installedVersion(
        join(repoRoot, "adapters/aws-lambda"),
        "@types/aws-lambda",
      ),
      "@types/node": installedVersion(repoRoot, "@types/node"),
    },
    // Third-party dependencies at the versions tested here; the CatOps ones are the tarballs.
    pnpm: {
      overrides: { ...workspaceVersions(), ...tarballs },
      onlyBuiltDependencies: ["esbuild"],
    },
  };
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  const tsconfig = {
    compilerOptions: {
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: false,
      types: ["node"],
      rootDir: "src",
      outDir: "out",
    },
    include: ["src"],
  };
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  copyFileSync(new URL("./smoke/smoke.ts", import.meta.url), join(app, "src/smoke.ts"));
  // Every entry point's declarations enter the program, so tsc checks all of them.
  const specifiers = packed.flatMap((pkg) =>
    entryPoints(pkg.manifest).map((subpath) => specifierOf(pkg.name, subpath)),
  );
  writeFileSync(
    join(app, "src/entry-points.ts"),
    specifiers
      .map((s, i) => `import type * as entry${i} from "${s}";\nexport type { entry${i} };\n`)
      .join(""),
  );
  writeFileSync(
    join(app, "packages.json"),
    JSON.stringify(Object.fromEntries(packed.map((pkg) => [pkg.name, entryPoints(pkg.manifest)]))),
  );
  writeFileSync(join(app, "plugins/example.ts"), 'export function hi() {\n  return "Meow!";\n}\n');
}

/**
 * tsc on the app, as `tsc -p .` would run it, with the checks that matter here: the app's own
 * code and every CatOps declaration file it reaches are type-checked in full (what skipLibCheck
 * would skip), third-party declarations only as far as those use them.
 */
function compileApp(): { errors: string; emitted: string[] } {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
  const config = ts.getParsedCommandLineOfConfigFile(join(app, "tsconfig.json"), {}, host)!;
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const ours = program
    .getSourceFiles()
    .filter(
      (file) =>
        !file.fileName.includes("/node_modules/") ||
        /\/node_modules\/(@catops\/[^/]+|catops)\/dist\//.test(file.fileName),
    );
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  // Checked above; emitting is then only stripping the types (program.emit would check again).
  const emitted = config.fileNames.map((file) => {
    const out = join(app, "out", `${basename(file, ".ts")}.js`);
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      fileName: file,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    return out;
  });
  const errors = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => app,
    getNewLine: () => "\n",
  });
  return { errors, emitted };
}

beforeAll(async () => {
  const started = Date.now();
  const lap = (step: string) => console.log(`${step}: ${Date.now() - started} ms`);
  packed = await packInto(join(work.dir, "tarballs"));
  lap("packed");
  writeApp();
  // A store and a metadata cache of this run's own, empty: what a new machine has.
  const args = [
    "install",
    "--ignore-workspace",
    "--config.auto-install-peers=false",
    `--store-dir=${join(work.dir, "store")}`,
    `--cache-dir=${join(work.dir, "cache")}`,
  ];
  install = await run("pnpm", args, { cwd: app, env, timeoutMs: 240_000 });
  if (install.code !== 0) install.stderr += `\n${(await registryProblem()) ?? ""}`;
  lap("installed (empty store)");
  compile = compileApp();
  lap("compiled");
}, 300_000);

afterAll(() => work.remove(), 60_000);

it("installs every tarball with its dependencies into a project outside the workspace", () => {
  expect(install.code, install.stdout + install.stderr).toBe(0);
  for (const pkg of packed) {
    const installed = JSON.parse(
      readFileSync(join(app, "node_modules", pkg.name, "package.json"), "utf8"),
    );
    expect(installed.version, pkg.name).toBe(pkg.version);
  }
  expect(existsSync(join(app, "node_modules", NATIVE_PEER)), NATIVE_PEER).toBe(false);
});

it("compiles a strict TypeScript app against the installed declarations, all of them checked", () => {
  expect(compile.errors).toBe("");
  expect(compile.emitted).toContain(join(app, "out/smoke.js"));
});

it("runs the smallest example: dispatch, and a signed Slack request through three adapters", async () => {
  const result = await run(
    process.execPath,
    ["out/smoke.js", fixturesDir, join(app, "packages.json")],
    { cwd: app, env, timeoutMs: 30_000 },
  );
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines.filter((line) => line.startsWith("ok - "))).toHaveLength(8);

  // What each installed entry point exports is what the build exports (the committed snapshot).
  const installed: Record<string, string[]> = JSON.parse(lines.at(-1)!);
  const snapshot = parseSurface(readFileSync(surfaceSnapshot, "utf8"));
  expect(installed).toEqual(
    Object.fromEntries(Object.entries(snapshot).map(([specifier, s]) => [specifier, s.values])),
  );
}, 40_000);

it("runs @catops/node without its optional SQLite driver, and says how to add it", async () => {
  const script = `import { createSqliteStore, hasSqliteDriver } from "@catops/node";
    console.log(hasSqliteDriver());
    try { createSqliteStore({ path: ":memory:" }); } catch (error) { console.log(error.message); }`;
  const result = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: app,
    env,
    timeoutMs: 30_000,
  });
  expect(result.stderr).toBe("");
  expect(result.stdout.trim().split("\n")).toEqual([
    "false",
    "the SQLite store needs better-sqlite3: npm install better-sqlite3 (or keep state in memory)",
  ]);
}, 40_000);

it("runs the catops command from the installed bin on a TypeScript plugin", async () => {
  const result = await run(
    join(app, "node_modules/.bin/catops"),
    ["run", "hi", "--plugins", "plugins"],
    { cwd: app, env, timeoutMs: 30_000 },
  );
  expect(result.stderr).toBe("");
  expect(result.stdout.trim()).toBe("Meow!");
  expect(result.code).toBe(0);
}, 40_000);
