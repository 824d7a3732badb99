import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "http-events": "src/http-events.ts",
    dynamodb: "src/dynamodb.ts",
    testing: "src/testing.ts",
    "warm-up": "src/warm-up.ts",
  },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "node20",
  platform: "node",
  sourcemap: false,
  // The Lambda Node runtime provides the AWS SDK v3; middy is a peer.
  external: [/^@aws-sdk\//, "@middy/core"],
});
