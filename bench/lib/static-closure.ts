// What a cold start of a split bundle loads: the entry and every chunk it imports statically,
// transitively. Chunks behind `import()` load on first use and are left out.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// A static import in esbuild's minified output: `import{a as b}from"./chunks/x.mjs"` or
// `import"./chunks/x.mjs"`; `import("./chunks/x.mjs")` does not match.
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*"(\.\.?\/[^"]+)"/g;

export function staticClosure(entry: string): string[] {
  const seen = new Set<string>([resolve(entry)]);
  for (const file of seen) {
    for (const match of readFileSync(file, "utf8").matchAll(STATIC_IMPORT))
      seen.add(resolve(dirname(file), match[1]!));
  }
  return [...seen];
}
