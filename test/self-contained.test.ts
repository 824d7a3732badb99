// A clone runs its tests with nothing beside it: no tracked file outside docs/ refers to a path
// outside the repository. The planted examples below are built from pieces, so that this file's
// own text passes the check it tests.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { leavesRepository, outsidePaths } from "./support/outside-paths.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const up = (n: number) => "../".repeat(n);
const parent = '".."';
const home = ["", "home", "alice", "catops"].join("/");
const besideFolder = ["shared", "fixtures"].join("/");

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "" && !file.startsWith("docs/"));
}

describe("the check itself", () => {
  it("resolves a relative path from the file's folder", () => {
    expect(leavesRepository("packages/slack/test/fixtures.ts", `${up(3)}test/x.ts`)).toBe(false);
    expect(leavesRepository("packages/slack/test/fixtures.ts", `${up(4)}x`)).toBe(true);
    expect(leavesRepository("README.md", "./docs/x.md")).toBe(false);
    expect(leavesRepository("README.md", "..")).toBe(true);
  });

  it("flags a URL built on import.meta.url that climbs out, however it is quoted", () => {
    for (const quote of ['"', "'", "`"]) {
      const source = `const at = new URL(${quote}${up(4)}${besideFolder}/slack/\${name}${quote}, import.meta.url);`;
      const found = outsidePaths("packages/slack/test/fixtures.ts", source);
      expect(found.map((f) => f.why)).toContain("climbs above the repository root");
    }
  });

  it("flags imports, requires and joins from the file's own folder that climb out", () => {
    const file = "test/aws/example.test.ts";
    const sources = [
      `import { x } from "${up(3)}elsewhere/x.ts";`,
      `const y = await import("${up(3)}y.mjs");`,
      `const z = require("${up(3)}z.cjs");`,
      `const dir = join(import.meta.dirname, ${parent}, ${parent}, ${parent}, "data");`,
      `const dir = resolve(dirname(fileURLToPath(import.meta.url)), "${up(3)}data");`,
    ];
    for (const source of sources) expect(outsidePaths(file, source), source).toHaveLength(1);
  });

  it("flags a folder beside the checkout and a machine's own paths, in any file", () => {
    const text = [
      `const fixtures = resolve(exampleDir, "${up(3)}shared");`,
      `payloads live in ${besideFolder}/slack`,
      `open("${home}/notes.txt")`,
      `cd /${["work", "main"].join("/")}`,
      `/${["root", ".cache"].join("/")}`,
    ].join("\n");
    const found = outsidePaths("examples/aws/scripts/cold-start.mjs", text);
    expect(found.map((f) => [f.line, f.why])).toEqual([
      [1, "a folder beside the checkout"],
      [2, "a folder beside the checkout"],
      [3, "an absolute path on one machine"],
      [4, "an absolute path on one machine"],
      [5, "an absolute path on one machine"],
    ]);
  });

  it("flags markdown links, JSON and shell paths that climb out", () => {
    expect(outsidePaths("CONTRIBUTING.md", `see [the set](${up(1)}x/SOURCES.md)`)).toHaveLength(1);
    expect(outsidePaths("tsconfig.json", `{ "extends": "${up(1)}tsconfig.json" }`)).toHaveLength(1);
    expect(outsidePaths("scripts/ci.sh", `cp -r ${up(2)}x .`)).toHaveLength(1);
  });

  it("flags a lockfile link that leaves the repository, resolved from its importer", () => {
    const lock = (link: string) =>
      `lockfileVersion: '9.0'\nimporters:\n  test:\n    dependencies:\n      '@catops/core':\n        specifier: workspace:*\n        version: link:${link}\n`;
    expect(outsidePaths("pnpm-lock.yaml", lock(`${up(1)}packages/core`))).toEqual([]);
    expect(outsidePaths("pnpm-lock.yaml", lock(`${up(2)}core`))).toHaveLength(1);
  });

  it("leaves paths that stay inside alone", () => {
    const source = [
      `import { startRecorder } from "${up(3)}test/support/recorder.ts";`,
      `const repo = new URL("${up(3)}", import.meta.url);`,
      `const spread = { ...fixture("x") };`,
      `const url = "https://example.com/home/page";`,
      `expect(text).toContain('import * as m0 from "${up(4)}examples/plugins/example.ts";');`,
    ].join("\n");
    expect(outsidePaths("packages/cli/src/init.test.ts", source)).toEqual([]);
  });
});

describe("the repository", () => {
  it("refers to no path outside itself in any tracked file outside docs/", () => {
    const files = trackedFiles();
    expect(files).toContain("test/fixtures/vendor.mjs");
    const found = files.flatMap((file) => {
      const bytes = readFileSync(join(root, file));
      return bytes.includes(0) ? [] : outsidePaths(file, bytes.toString("utf8"));
    });
    expect(found).toEqual([]);
  }, 30_000);
});
