// The Node artifact: the example plugins served by @catops/node.
import { start } from "./node-app.ts";

// Started without a top-level await, so the build can join what a cold start loads into this
// module (a module loaded later that imports it would otherwise wait for the await forever).
start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
