import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", firestore: "src/firestore.ts" },
  format: ["esm"],
  dts: true,
  clean: true,
  target: "es2022",
  platform: "node",
  sourcemap: false,
  external: [
    "@google-cloud/functions-framework",
    "@google-cloud/pubsub",
    "@google-cloud/firestore",
  ],
});
