// Size budgets: the deployable artifact of every example, built the way the bench builds it (the
// Worker: the modules `wrangler deploy` uploads, from wrangler's own dry run), must stay within its
// budget in bench/budgets.json. A bundle split into chunks counts what a cold start loads, the
// entry and its static imports; every module's bytes are reported beside it. A budget is raised only by changing that file, where the change
// is reviewed with the code that needed it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUDGETED, buildArtifact, TARGETS } from "../bench/lib/artifacts.ts";

const budgets = JSON.parse(
  readFileSync(new URL("../bench/budgets.json", import.meta.url), "utf8"),
) as { bytes: Record<string, number> };
const outDir = mkdtempSync(join(tmpdir(), "catops-size-"));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("bundle size budgets", () => {
  it("has a budget for every deployable example", () => {
    expect(Object.keys(budgets.bytes).sort()).toEqual([...BUDGETED].sort());
  });

  it.each([...BUDGETED])(
    "%s stays within its budget, minified",
    async (name) => {
      const artifact = await buildArtifact(name, outDir);
      // An example still being written has no entry yet: nothing to measure.
      if (!artifact) return;
      const total = artifact.totalBytes === undefined ? "" : `, ${artifact.totalBytes} in all`;
      console.info(`${name}: a cold start loads ${artifact.bytes} bytes${total}`);
      expect(
        artifact.bytes,
        `${TARGETS[name]!.label}: ${artifact.bytes} bytes${total}`,
      ).toBeLessThanOrEqual(budgets.bytes[name]!);
    },
    120_000,
  );
});
