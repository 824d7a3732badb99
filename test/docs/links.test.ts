// Relative links between the guides point at files that exist, anchors included.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

const pages = [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(root, "docs", name)),
  ...["core", "cli", "slack"].map((name) => join(root, "packages", name, "README.md")),
].filter((path) => existsSync(path));

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces as dashes. */
export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

/** Markdown links outside code: [text](target). */
export function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^(`{3,}|~{3,})[\s\S]*?^\1\s*$/gm, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

describe("links in the docs", () => {
  it("reads links and anchors as GitHub does", () => {
    expect(linksOf("[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n[d](w.md#top)")).toEqual([
      "x.md",
      "w.md#top",
    ]);
    expect(anchorOf("Testing a plugin")).toBe("testing-a-plugin");
    expect(anchorOf("State: `ctx.store`")).toBe("state-ctxstore");
  });

  it("point at files and headings that exist", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of linksOf(readFileSync(page, "utf8"))) {
        if (/^[a-z]+:/i.test(link) || link.startsWith("#")) continue;
        const [path, anchor] = link.split("#") as [string, string?];
        const target = join(dirname(page), path);
        const where = `${relative(root, page)} → ${link}`;
        if (!existsSync(target)) {
          broken.push(`${where}: no such file`);
          continue;
        }
        if (anchor && target.endsWith(".md")) {
          const headings = readFileSync(target, "utf8")
            .split("\n")
            .filter((line) => /^#{1,6} /.test(line))
            .map((line) => anchorOf(line.replace(/^#+ /, "")));
          if (!headings.includes(anchor)) broken.push(`${where}: no such heading`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
