import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { defineConfig } from "vitest/config";
import { sourceAliases, workspacePackages } from "./vitest.workspace-alias.ts";

// One vitest run covers the whole workspace: every package is a project, and the
// cross-package suites in test/ are one more. A package with its own vitest.config.ts
// (a special pool or a long timeout) is used as it is.
const dirs = [...workspacePackages().map((pkg) => pkg.dir), join(import.meta.dirname, "test")];

// Tests spawn processes, bundle and parse the tree: on a two-core machine shared with other
// work that takes several times longer than alone, so a test gets 20 s (vitest's 5 s is sized
// for unit tests) and a hook 60 s. What must be fast is asserted as a measured time, not by
// the timeout.
export const TIMEOUTS = { testTimeout: 20_000, hookTimeout: 60_000 };

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    ...TIMEOUTS,
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    projects: dirs.map((dir) =>
      existsSync(join(dir, "vitest.config.ts"))
        ? join(dir, "vitest.config.ts")
        : {
            extends: true,
            test: {
              name: relative(import.meta.dirname, dir),
              root: dir,
              include: ["**/*.test.ts"],
              exclude: ["**/node_modules/**", "**/dist/**"],
            },
          },
    ),
  },
});
