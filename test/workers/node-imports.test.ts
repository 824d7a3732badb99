// The Worker bundles need nothing from Node: no `node:` specifier, no require of a built-in,
// nothing left external. This is what lets them run in workerd without nodejs_compat.
import { describe, expect, it } from "vitest";
import { bundleWorker } from "./bundle.ts";
import { nodeImportsIn } from "./node-imports.ts";

const entries = {
  "the smallest worker (core, adapter, D1 store)": "./minimal-worker.ts",
  "the deferral test worker (with the Slack connector)": "./defer-worker.ts",
  "the conformance worker": "./conformance-worker.ts",
  "examples/cloudflare": "../../examples/cloudflare/src/index.ts",
};

describe("Node imports in Worker bundles", () => {
  it("finds node: specifiers, bare built-ins in require/import, and nothing in plain code", () => {
    const code = [
      'import{createHmac as a}from"node:crypto";',
      'const f=require("fs"),p=await import("node:path");',
      'import{Buffer}from"buffer";import x from"./local.js";',
      'const t="the node runs";const h=require("hono");',
    ].join("\n");
    expect(nodeImportsIn(code)).toEqual(["buffer", "fs", "node:crypto", "node:path"]);
    expect(nodeImportsIn('const s="a string";export{s};')).toEqual([]);
  });

  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: bundles for workerd with no Node import`, async () => {
      const bundle = await bundleWorker(new URL(entry, import.meta.url).pathname);
      expect(bundle.externalImports).toEqual([]);
      expect(nodeImportsIn(bundle.code)).toEqual([]);
      expect(bundle.inputs.some((input) => input.includes("packages/core/src/"))).toBe(true);
    });
  }
});
