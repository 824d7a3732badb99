import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  sourcemap: false,
  external: ["@catops/core", "pg", "pg-boss", "ioredis"],
});
