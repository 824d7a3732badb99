// Every ```ts block in README.md and docs/*.md is type-checked against the workspace packages,
// so a renamed option or export breaks this test, not a reader's first try.
//
// - Each block is a module of its own, written to a folder per Markdown file inside the repo.
// - A block whose first line is a comment naming a file (`// plugins/example.ts`) is written at
//   that path, so later blocks of the same page can import it (`../plugins/example.ts`).
// - Blocks may use `plugins` (the plugin modules) without defining it (see PRELUDE), and import
//   it from `./plugins.generated.ts` in a block named `// src/<file>.ts`, as a project made by
//   `catops init` does.
// - ```ts no-check marks a block that is intentionally partial; those are counted, not checked.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { workspacePackages } from "../../vitest.workspace-alias.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Inside node_modules, so that neither the test runner nor the linter ever picks the blocks up,
// even when a crashed run leaves them behind; still inside the repository, so packages resolve.
const here = fileURLToPath(new URL("./node_modules/", import.meta.url));
const CHECK_DIR_PREFIX = ".docs-check-";

/** Names a doc example may use without defining them. */
const PRELUDE = `import type { PluginModule } from "@catops/core";
declare global {
  /** The plugin modules: from loadPluginDirectory, or the module \`catops build\` writes. */
  const plugins: readonly PluginModule[];
}
export {};
`;

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  info: string;
  code: string;
}

/** The fenced blocks of a Markdown text whose language is ts or typescript. */
export function tsBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    const end = lines.findIndex((line, j) => j > i && line.trim().startsWith(fence));
    const close = end === -1 ? lines.length : end;
    if (/^(ts|typescript)\b/.test(info.trim())) {
      const body = lines.slice(i + 1, close).map((line) => line.slice(indent!.length));
      blocks.push({ file, line: i + 1, info: info.trim(), code: `${body.join("\n")}\n` });
    }
    i = close;
  }
  return blocks;
}

function docFiles(): string[] {
  const docs = join(root, "docs");
  return [
    join(root, "README.md"),
    ...readdirSync(docs)
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => join(docs, name)),
    ...["core", "cli"]
      .map((name) => join(root, "packages", name, "README.md"))
      .filter((path) => existsSync(path)),
  ];
}

/** @catops/* and catops to their TypeScript sources, as the test runner's aliases do. */
function sourcePaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of workspacePackages()) {
    if (!existsSync(join(pkg.dir, "src", "index.ts"))) continue;
    paths[pkg.name] = [join(pkg.dir, "src", "index.ts")];
    paths[`${pkg.name}/*`] = [join(pkg.dir, "src", "*.ts")];
  }
  return paths;
}

function compilerOptions(): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(base.config.compilerOptions, root);
  return {
    ...options,
    noEmit: true,
    allowImportingTsExtensions: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules", "@types")],
    paths: sourcePaths(),
  };
}

const blocks = docFiles().flatMap((path) =>
  tsBlocks(relative(root, path), readFileSync(path, "utf8")),
);
const checked = blocks.filter((block) => !/\bno-check\b/.test(block.info));
const partial = blocks.length - checked.length;

mkdirSync(here, { recursive: true });
for (const leftover of readdirSync(here).filter((name) => name.startsWith(CHECK_DIR_PREFIX)))
  rmSync(join(here, leftover), { recursive: true, force: true });
const checkDir = join(here, `${CHECK_DIR_PREFIX}${process.pid}`);
afterAll(() => rmSync(checkDir, { recursive: true, force: true }));

/** What `catops build` writes, for blocks that import it. */
const GENERATED_PLUGINS = `import type { PluginModule } from "@catops/core";
export const plugins: PluginModule[] = [];
`;

/** Writes the blocks; returns each file written with the block it holds. */
function writeBlocks(): Map<string, CodeBlock> {
  const written = new Map<string, CodeBlock>();
  const counters = new Map<string, number>();
  for (const block of checked) {
    const pageDir = join(checkDir, block.file.replace(/[/.]/g, "_"));
    const generated = join(pageDir, "src", "plugins.generated.ts");
    if (!existsSync(generated)) {
      mkdirSync(dirname(generated), { recursive: true });
      writeFileSync(generated, GENERATED_PLUGINS);
    }
    const named = /^\/\/ ([\w./-]+\.ts)\s*$/.exec(block.code.split("\n")[0]!)?.[1];
    const n = (counters.get(block.file) ?? 0) + 1;
    counters.set(block.file, n);
    const path =
      named && !named.includes("..")
        ? join(pageDir, named)
        : join(pageDir, "blocks", `block-${n}.ts`);
    if (written.has(path))
      throw new Error(`${block.file}:${block.line} writes ${named} a second time`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, block.code);
    written.set(path, block);
  }
  return written;
}

describe("code in the docs", () => {
  it("finds the blocks, and counts the ones marked no-check", () => {
    console.info(
      `docs examples: ${checked.length} blocks type-checked, ${partial} marked no-check, in ${docFiles().length} files`,
    );
    expect(checked.length).toBeGreaterThan(20);
    expect(partial).toBeLessThan(checked.length);
  });

  it("type-checks against the workspace packages", () => {
    const written = writeBlocks();
    const prelude = join(checkDir, "prelude.d.ts");
    writeFileSync(prelude, PRELUDE);
    const program = ts.createProgram([prelude, ...written.keys()], compilerOptions());
    const problems: string[] = [];
    for (const [path, block] of written) {
      const source = program.getSourceFile(path)!;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      for (const diagnostic of diagnostics) {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
        problems.push(`${block.file}:${block.line + 1 + line}: ${text}`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});

describe("the block reader", () => {
  it("reads ts blocks, with their info string, and skips others", () => {
    const markdown = [
      "text",
      "```ts",
      "const a = 1;",
      "```",
      "```sh",
      "npm test",
      "```",
      "1. step",
      "   ```ts no-check",
      "   partial(",
      "   ```",
    ].join("\n");
    expect(tsBlocks("x.md", markdown)).toEqual([
      { file: "x.md", line: 2, info: "ts", code: "const a = 1;\n" },
      { file: "x.md", line: 9, info: "ts no-check", code: "partial(\n" },
    ]);
  });
});
