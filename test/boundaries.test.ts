// What may import what. The core runs in every runtime (no Node APIs); connectors use Web APIs
// only; data flows one way, so the core never imports a connector or an adapter, a connector
// never imports an adapter, and no plugin imports an adapter.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Every module specifier a file imports, re-exports, import()s or require()s. */
function importSpecifiers(source: string): string[] {
  const pattern =
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\brequire\s*\(\s*["']([^"']+)["']\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

const builtins = new Set(builtinModules.filter((name) => !name.startsWith("_")));

/** A Node built-in: node:fs, or a bare fs, path, crypto, fs/promises... */
function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtins.has(specifier);
}

/**
 * References to Node's `process` and `Buffer` globals in code, not in comments, strings or
 * property names (`job.process` is fine).
 */
function nodeGlobals(fileName: string, source: string): string[] {
  // Parsing is the costly part: a file that never spells either name needs none.
  if (!/\b(process|Buffer)\b/.test(source)) return [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isIdentifier(node) && (node.text === "process" || node.text === "Buffer")) {
      const parent = node.parent;
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        ((ts.isPropertyAssignment(parent) ||
          ts.isPropertySignature(parent) ||
          ts.isPropertyDeclaration(parent) ||
          ts.isMethodDeclaration(parent) ||
          ts.isMethodSignature(parent)) &&
          parent.name === node);
      if (!isPropertyName) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${node.text} at line ${line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The non-test TypeScript files under `dir`. */
function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter(
      (path) =>
        /\.m?ts$/.test(path) && !/\.(test|spec)\.m?ts$/.test(path) && !path.endsWith(".d.ts"),
    )
    .filter((path) => !path.split(/[\\/]/).includes("node_modules"))
    .map((path) => join(dir, path));
}

function packageNames(group: string): Map<string, string> {
  const names = new Map<string, string>();
  const dir = join(root, group);
  for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
    const manifest = join(dir, entry, "package.json");
    if (existsSync(manifest))
      names.set(entry, (JSON.parse(readFileSync(manifest, "utf8")) as { name: string }).name);
  }
  return names;
}

const adapters = [...packageNames("adapters").values()];
const packages = packageNames("packages");
/** Stores for self-hosted Node replicas (PostgreSQL, Redis): Node-only, like the adapters. */
const NODE_ONLY_PACKAGES = new Set(["postgres", "redis"]);
/** Tooling that runs in Node beside the tests, never in a bot: the CLI and the conformance matrix. */
const TOOLING_PACKAGES = new Set(["cli", "conformance"]);
/** Runtime-neutral packages besides the core: connectors (slack, ...) and alerts. */
const connectors = [...packages.entries()].filter(
  ([dir]) => dir !== "core" && !TOOLING_PACKAGES.has(dir) && !NODE_ONLY_PACKAGES.has(dir),
);

interface Violation {
  file: string;
  problem: string;
}

function check(
  files: string[],
  rules: { builtins?: boolean; globals?: boolean; forbidden?: (specifier: string) => boolean },
) {
  const violations: Violation[] = [];
  for (const path of files) {
    const source = readFileSync(path, "utf8");
    const file = relative(root, path);
    for (const specifier of importSpecifiers(source)) {
      if (rules.builtins && isNodeBuiltin(specifier))
        violations.push({ file, problem: `imports Node built-in "${specifier}"` });
      if (rules.forbidden?.(specifier))
        violations.push({ file, problem: `imports "${specifier}"` });
    }
    if (rules.globals)
      for (const use of nodeGlobals(path, source))
        violations.push({ file, problem: `uses ${use}` });
  }
  return violations;
}

/** Line numbers where `name` appears in code, comments left out. */
function platformNames(source: string, name: RegExp): number[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  return code.split("\n").flatMap((line, index) => (name.test(line) ? [index + 1] : []));
}

const coreSrc = join(root, "packages", "core", "src");

/** The core's layers, by folder, and the folders each may not import from. */
const CORE_LAYERS: Record<string, readonly string[]> = {
  dispatch: ["engine", "http"],
  http: ["engine", "dispatch"],
  store: ["engine", "http", "dispatch"],
};

/** Relative imports of a core file (given as its path and text) that reach a forbidden layer. */
function layerViolations(path: string, source: string): string[] {
  const layer = relative(coreSrc, path).split(/[\\/]/)[0] ?? "";
  const forbidden = CORE_LAYERS[layer] ?? [];
  return importSpecifiers(source)
    .filter((specifier) => specifier.startsWith("."))
    .filter((specifier) => {
      const target = relative(coreSrc, join(dirname(path), specifier)).split(/[\\/]/)[0] ?? "";
      return forbidden.includes(target);
    })
    .map((specifier) => `${relative(root, path)} imports "${specifier}"`);
}

const importsPackage = (names: readonly string[]) => (specifier: string) =>
  names.some((name) => specifier === name || specifier.startsWith(`${name}/`));

describe("the checks themselves", () => {
  it("find imports of every form", () => {
    const source = `
      import fs from "fs";
      import { join } from 'node:path';
      import type { Foo } from "@catops/slack";
      import * as all from "@catops/aws-lambda/handler";
      import "side-effect";
      export { x } from "./x.js";
      export * from "./y.js";
      const lazy = await import("node:crypto");
      const old = require("os");
      import {
        a,
        b,
      } from "multi-line";
    `;
    expect(importSpecifiers(source)).toEqual([
      "fs",
      "node:path",
      "@catops/slack",
      "@catops/aws-lambda/handler",
      "side-effect",
      "./x.js",
      "./y.js",
      "node:crypto",
      "os",
      "multi-line",
    ]);
  });

  it("tell Node built-ins from packages", () => {
    for (const specifier of [
      "node:fs",
      "fs",
      "fs/promises",
      "path",
      "crypto",
      "buffer",
      "node:test",
    ])
      expect(isNodeBuiltin(specifier), specifier).toBe(true);
    for (const specifier of ["@catops/core", "hono", "./fs.js", "pathe", "crypto-js"])
      expect(isNodeBuiltin(specifier), specifier).toBe(false);
  });

  it("find process and Buffer in code but not in comments, strings or property names", () => {
    const source = `
      // process.env in a comment
      /** Buffer in a doc comment */
      const text = "process this Buffer";
      const job = { process: 1 };
      job.process = 2;
      const a = process.env.X;
      const b = Buffer.from("x");
      const { env } = process;
      const regex = /"process"/;
    `;
    expect(nodeGlobals("x.ts", source)).toEqual([
      "process at line 7",
      "Buffer at line 8",
      "process at line 9",
    ]);
  });
});

describe("import boundaries", () => {
  it("knows the packages it guards", () => {
    expect(packages.get("core")).toBe("@catops/core");
    expect(connectors.map(([, name]) => name)).toContain("@catops/slack");
    expect(adapters).toContain("@catops/node");
    expect(sourceFiles(join(root, "packages", "core", "src")).length).toBeGreaterThan(10);
  });

  it("keeps the core free of Node: no node:* or built-in imports, no process, no Buffer", () => {
    const files = sourceFiles(join(root, "packages", "core", "src"));
    expect(check(files, { builtins: true, globals: true })).toEqual([]);
  });

  it("keeps Slack out of the core's code: its dialect, formats and palette live in @catops/slack", () => {
    const files = sourceFiles(join(root, "packages", "core", "src"));
    const found = files.flatMap((path) =>
      platformNames(readFileSync(path, "utf8"), /slack/i).map(
        (line) => `${relative(root, path)}:${line}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("finds a platform's name in code, not in comments", () => {
    const source = [
      "// Slack in a comment",
      "/** and Slack in a doc comment */",
      'const url = "https://slack.com/api"; // slack',
      "const ok = 1;",
      "const LEVEL = SlackPalette;",
    ].join("\n");
    expect(platformNames(source, /slack/i)).toEqual([3, 5]);
  });

  it("keeps the core's layers apart: dispatch/ is pure, http/ and store/ know no engine", () => {
    const files = sourceFiles(coreSrc);
    for (const layer of Object.keys(CORE_LAYERS))
      expect(files.filter((file) => file.includes(join("src", layer, ""))).length).toBeGreaterThan(
        1,
      );
    const found = files.flatMap((path) => layerViolations(path, readFileSync(path, "utf8")));
    expect(found).toEqual([]);
  });

  it("finds an import that crosses the core's layers (control)", () => {
    const source = [
      'import { createJobs } from "../engine/jobs.js";',
      'import { readBody } from "../http/http.js";',
      'import { tokenize } from "./tokenize.js";',
      'import type { Reply } from "../types.js";',
    ].join("\n");
    expect(layerViolations(join(coreSrc, "dispatch", "help.ts"), source)).toEqual([
      'packages/core/src/dispatch/help.ts imports "../engine/jobs.js"',
      'packages/core/src/dispatch/help.ts imports "../http/http.js"',
    ]);
    expect(layerViolations(join(coreSrc, "engine", "execute.ts"), source)).toEqual([]);
  });

  it("keeps connectors and adapters out of the core", () => {
    const files = sourceFiles(join(root, "packages", "core", "src"));
    const others = [...packages.values(), ...adapters].filter((name) => name !== "@catops/core");
    expect(check(files, { forbidden: importsPackage([...others, "catops"]) })).toEqual([]);
  });

  it("keeps the connectors on Web APIs: no node:* or built-in imports", () => {
    const files = connectors.flatMap(([dir]) => sourceFiles(join(root, "packages", dir, "src")));
    expect(files.some((file) => file.includes(join("packages", "slack", "src")))).toBe(true);
    expect(check(files, { builtins: true })).toEqual([]);
  });

  it("keeps the Mattermost, Discord, Teams and Google Chat connectors on Web APIs: no node:*, no process, no Buffer", () => {
    const dirs = ["mattermost", "discord", "teams", "google-chat"];
    expect(dirs.map((dir) => packages.get(dir))).toEqual([
      "@catops/mattermost",
      "@catops/discord",
      "@catops/teams",
      "@catops/google-chat",
    ]);
    const files = dirs.flatMap((dir) => sourceFiles(join(root, "packages", dir, "src")));
    expect(files.length).toBeGreaterThanOrEqual(32);
    expect(check(files, { builtins: true, globals: true })).toEqual([]);
  });

  it("keeps adapters out of the conformance matrix: it reaches them only through a driver", () => {
    const files = sourceFiles(join(root, "packages", "conformance", "src"));
    expect(files.length).toBeGreaterThan(5);
    expect(check(files, { forbidden: importsPackage(adapters) })).toEqual([]);
  });

  it("keeps adapters out of the connectors", () => {
    const files = connectors.flatMap(([dir]) => sourceFiles(join(root, "packages", dir, "src")));
    expect(check(files, { forbidden: importsPackage(adapters) })).toEqual([]);
  });

  it("keeps adapters out of the shared stores, which the Node adapter loads only when configured", () => {
    const storeFiles = [...NODE_ONLY_PACKAGES].flatMap((dir) =>
      sourceFiles(join(root, "packages", dir, "src")),
    );
    expect(storeFiles.length).toBeGreaterThan(4);
    expect(check(storeFiles, { forbidden: importsPackage(adapters) })).toEqual([]);
    // A static import would make every Node install need pg and ioredis: only import() may.
    const staticImport = /^import\s+(?!type\b)[^;]*?from\s+["']@catops\/(postgres|redis)["']/m;
    const nodeFiles = sourceFiles(join(root, "adapters", "node", "src"));
    expect(nodeFiles.filter((path) => staticImport.test(readFileSync(path, "utf8")))).toEqual([]);
  });

  it("keeps adapters out of the example plugins", () => {
    const files = sourceFiles(join(root, "examples", "plugins")).filter(
      (file) => !file.includes(`${join("examples", "plugins")}/node_modules`),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(check(files, { forbidden: importsPackage(adapters) })).toEqual([]);
  });
});
