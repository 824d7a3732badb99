// Bundles src/server.ts and the plugins into dist/server.js. Dependencies stay in node_modules
// (better-sqlite3 is a native module), so deploy the folder with `npm ci --omit=dev`.
import { build } from "esbuild";

await build({
  entryPoints: ["src/server.ts"],
  outfile: "dist/server.js",
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
console.log("dist/server.js: run it with `npm start`");
