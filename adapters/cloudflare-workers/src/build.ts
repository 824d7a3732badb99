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
