import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    outbound: "src/outbound.ts",
    jobs: "src/jobs.ts",
    "node-hmac": "src/node-hmac.ts",
    testing: "src/testing.ts",
  },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: false,
});
