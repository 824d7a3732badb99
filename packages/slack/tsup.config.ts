import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", create: "src/create.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: false,
  external: ["@catops/core", "@slack/types"],
});
