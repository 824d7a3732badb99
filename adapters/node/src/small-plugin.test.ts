import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  SMALL_PLUGIN_BYTES,
  SMALL_PLUGINS_BYTES,
  selfContainedSize,
  smallFilesToLoad,
} from "./small-plugin.js";

const dir = mkdtempSync(join(tmpdir(), "catops-small-plugin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("selfContainedSize", () => {
  it("sizes a file with what it imports from beside it, and CatOps' own packages", async () => {
    file("_helper.ts", `export const greeting = "${"x".repeat(500)}";\n`);
    const alone = await selfContainedSize(file("alone.ts", "export const hi = () => 'Meow!';\n"));
    const helped = await selfContainedSize(
      file(
        "helped.ts",
        'import { command } from "@catops/core";\nimport { greeting } from "./_helper.ts";\n' +
          "export const hi = command({ run: () => greeting });\n",
      ),
    );
    expect(alone).toBeGreaterThan(0);
    expect(alone).toBeLessThan(200);
    // The helper's 500 characters are counted; @catops/core is not (it loads anyway).
    expect(helped).toBeGreaterThan(500);
    expect(helped).toBeLessThan(1000);
  });

  it("gives no size to a file that imports another package or a Node built-in", async () => {
    expect(
      await selfContainedSize(
        file(
          "sdk.ts",
          'import { EC2Client } from "@aws-sdk/client-ec2";\nexport const ec2 = () => new EC2Client({});\n',
        ),
      ),
    ).toBeUndefined();
    expect(
      await selfContainedSize(
        file(
          "disk.ts",
          'import { readFileSync } from "node:fs";\nexport const cat = () => readFileSync("x", "utf8");\n',
        ),
      ),
    ).toBeUndefined();
    // One esbuild cannot read waits too: loading it is the plugin loader's to judge.
    expect(
      await selfContainedSize(file("odd.ts", "export const odd = () => { return 1 +; };\n")),
    ).toBeUndefined();
    // Through a helper beside it, too.
    file("_uses-sdk.ts", 'export { S3Client } from "@aws-sdk/client-s3";\n');
    expect(
      await selfContainedSize(
        file(
          "indirect.ts",
          'import { S3Client } from "./_uses-sdk.ts";\nexport const s3 = () => new S3Client({});\n',
        ),
      ),
    ).toBeUndefined();
  });
});

describe("smallFilesToLoad", () => {
  it("takes small files in order until they add up to the total", () => {
    const quarter = SMALL_PLUGINS_BYTES / 4;
    expect(quarter).toBeLessThanOrEqual(SMALL_PLUGIN_BYTES);
    expect(smallFilesToLoad([100, undefined, SMALL_PLUGIN_BYTES + 1, 200])).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect(smallFilesToLoad([quarter, quarter, quarter, quarter, 1, quarter])).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
