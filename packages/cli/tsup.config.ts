import { defineConfig } from "tsup";

// src/cli.ts starts with `#!/usr/bin/env node`, which esbuild keeps at the top of dist/cli.js.
export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  target: "node20",
  platform: "node",
  sourcemap: false,
});
