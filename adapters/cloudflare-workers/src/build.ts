/**
 * The esbuild options a Worker bundle is built with, the ones wrangler uses: ESM, no Node
 * platform, the `workerd`/`worker`/`browser` export conditions, minified. Shared by
 * `catops build`, the examples and the tests, so all of them bundle alike.
 */
export const workerBundleOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  minify: true,
  legalComments: "none",
} as const;

/**
 * The same, split: every `import()` becomes a chunk in `chunks/` beside the entry, so a cold
 * start loads only the entry and what it imports statically. Needs `outdir`; wrangler uploads
 * the folder as is with `no_bundle = true` and `find_additional_modules = true`.
 */
export const workerSplitBundleOptions = {
  ...workerBundleOptions,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Packages built in chunks import some only for their order; with "sideEffects": false there
  // is nothing to keep, which is all esbuild's warning says.
  logOverride: { "ignored-bare-import": "silent" },
} as const;
