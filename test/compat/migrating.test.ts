// Runs the examples of docs/migrating.md: every ```ts block named `// plugins/<file>.ts` is
// written to a plugins folder, the folder is loaded by the real directory scan, and each
// `// try: <command> → <text>` line is asked through the Slack connector.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPluginDirectory } from "@catops/node";
import { afterAll, describe, expect, it } from "vitest";
import { slackBot } from "./original.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
// In .catops, which git and the linter leave alone; inside the repository, so packages resolve.
const folder = fileURLToPath(new URL(`./.catops/migrating-${process.pid}/`, import.meta.url));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Example {
  file: string;
  code: string;
  tries: { line: string; expected: string }[];
}

/** The named plugin blocks of a Markdown page, with their `// try:` lines. */
export function pluginExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const match of markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const code = match[1]!;
    const file = /^\/\/ plugins\/([\w./-]+\.ts)\n/.exec(code)?.[1];
    if (!file) continue;
    const tries = [...code.matchAll(/^\/\/ try: (.+?) → (.+)$/gm)].map(([, line, expected]) => ({
      line: line!,
      expected: expected!,
    }));
    examples.push({ file, code, tries });
  }
  return examples;
}

const examples = pluginExamples(readFileSync(join(root, "docs", "migrating.md"), "utf8"));

describe("docs/migrating.md", () => {
  it("has plugin examples for what carries over, what needs the flag and what is new", () => {
    expect(examples.map((e) => e.file)).toEqual([
      "lambda.ts",
      "_lib/slack.ts",
      "picture.ts",
      "hello.ts",
      "example.ts",
      "modern.ts",
      "scale.ts",
    ]);
    expect(examples.flatMap((e) => e.tries)).toHaveLength(10);
  });

  it("answers every `try:` line as the page says", async () => {
    for (const { file, code } of examples) {
      mkdirSync(dirname(join(folder, file)), { recursive: true });
      writeFileSync(join(folder, file), code);
    }
    const { slash } = slackBot(await loadPluginDirectory(folder));
    const answers = [];
    for (const { line, expected } of examples.flatMap((e) => e.tries))
      answers.push({ line, expected, got: (await slash(line)).text });
    expect(answers.filter((a) => a.got !== a.expected)).toEqual([]);
  });
});

describe("the example reader", () => {
  it("reads named plugin blocks and their try lines, and skips the rest", () => {
    const page = [
      "```ts",
      "// plugins/a.ts",
      "// try: a b → B",
      "export const a = 1;",
      "```",
      "```ts",
      "const unnamed = 1;",
      "```",
      "```python",
      "# plugins/a.py",
      "```",
    ].join("\n");
    expect(pluginExamples(page)).toEqual([
      {
        file: "a.ts",
        code: "// plugins/a.ts\n// try: a b → B\nexport const a = 1;\n",
        tries: [{ line: "a b", expected: "B" }],
      },
    ]);
  });
});
