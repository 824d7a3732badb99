import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", create: "src/create.ts", "register-cli": "bin/register.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", create: "src/create.ts" } },
  clean: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: false,
  external: ["@catops/core", "@catops/slack"],
});
