import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", bot: "src/bot.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "node",
  sourcemap: false,
  external: [/^@catops\//, "vitest"],
});
