import { defineConfig } from "vitest/config";
import { TIMEOUTS } from "../../vitest.config.ts";
import { sourceAliases } from "../../vitest.workspace-alias.ts";

// templates/ holds the files `catops init` writes, tests included: they run in generated
// projects (test/init), not here.
export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    ...TIMEOUTS,
    name: "packages/cli",
    include: ["src/**/*.test.ts"],
  },
});
