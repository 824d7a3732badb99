/**
 * The esbuild options a function's bundle is split with before `joinColdPath` joins its cold
 * path: ESM for Node 20, minified, every `import()` a chunk in `chunks/` beside the entry. Shared
 * by the examples' bundle scripts, `catops init`'s projects and the bench, so all of them build
 * alike; each adds its entry, `outdir`, `metafile: true` and what it leaves external.
 */
export const nodeSplitBundleOptions = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Packages built in chunks import some only for their order; with "sideEffects": false there
  // is nothing to keep, which is all esbuild's warning says.
  logOverride: { "ignored-bare-import": "silent" },
} as const;
