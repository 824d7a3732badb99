// The Worker split as examples/cloudflare deploys it (the adapter's workerSplitBundleOptions): the
// code behind each import() is a chunk of its own, off the cold path, and no module needs Node.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticClosure } from "../../bench/lib/static-closure.ts";
import { bundleSplitWorker, type SplitWorker } from "./bundle.ts";
import { nodeImportsIn } from "./node-imports.ts";

const ENTRY = new URL("../../examples/cloudflare/src/index.ts", import.meta.url).pathname;

// Strings only the lazily loaded code holds: each connector's check of its settings, and the
// alert handler's check of the webhook token.
const LOADED_ON_FIRST_USE = {
  "the Google Chat connector": "CATOPS_GOOGLE_CHAT_AUDIENCE is not set",
  "the Teams connector": "CATOPS_TEAMS_APP_ID is not set",
  "alert handling": "alert webhook refused",
};

describe("examples/cloudflare split into chunks", () => {
  let worker: SplitWorker;
  let coldPath: string;
  let everything: string;

  beforeAll(async () => {
    worker = await bundleSplitWorker(ENTRY);
    const files = staticClosure(join(worker.outdir, "index.js"));
    coldPath = files.map((file) => readFileSync(file, "utf8")).join("\n");
    everything = worker.modules.map((module) => module.contents).join("\n");
  }, 60_000);

  afterAll(() => rmSync(worker.outdir, { recursive: true, force: true }));

  it("is an entry, index.js, and chunks under chunks/ that it imports", () => {
    expect(worker.modules[0]!.path).toBe("index.js");
    const chunks = worker.modules.slice(1).map((module) => module.path);
    expect(chunks.length).toBeGreaterThan(0);
    for (const path of chunks) expect(path).toMatch(/^chunks\/[\w-]+\.js$/);
  });

  it.each(Object.entries(LOADED_ON_FIRST_USE))(
    "keeps %s in a chunk a cold start does not load",
    (_, marker) => {
      expect(everything).toContain(marker);
      expect(coldPath).not.toContain(marker);
    },
  );

  it("needs nothing from Node in any module", () => {
    for (const module of worker.modules)
      expect(nodeImportsIn(module.contents), module.path).toEqual([]);
  });
});
