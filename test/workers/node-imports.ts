// Finds what a Worker bundle would need Node for: `node:` specifiers, and require() or
// import() of a Node built-in under its bare name.
import { builtinModules } from "node:module";

const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith("_")));
const NODE_SPECIFIER = /["'`](node:[\w/]+)["'`]/g;
const LOADED = /\b(?:require|import)\s*\(\s*["'`]([\w/]+)["'`]\s*\)|\bfrom\s*["'`]([\w/]+)["'`]/g;

export function nodeImportsIn(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(NODE_SPECIFIER)) found.add(match[1]!);
  for (const match of code.matchAll(LOADED)) {
    const name = match[1] ?? match[2]!;
    if (BUILTINS.has(name) || BUILTINS.has(name.split("/")[0]!)) found.add(name);
  }
  return [...found].sort();
}
