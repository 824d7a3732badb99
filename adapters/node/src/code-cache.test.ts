import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeCacheMismatch, lambdaNodeFlags, writeCodeCachedEntry } from "./code-cache.js";

const dir = mkdtempSync(join(tmpdir(), "catops-code-cache-"));
const FLAGS = ["--max-old-space-size=300"];
let entry: string;

/** Imports the entry in a fresh `node` with `flags`; what its handler answers, and the cache's fate. */
function run(
  flags: readonly string[],
  nodeOptions?: string,
): { answer: string; codeCache: string } {
  const program = `const m = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.stdout.write(JSON.stringify({ answer: await m.handler("cat"), codeCache: m.codeCache }));`;
  const out = execFileSync(process.execPath, [...flags, "--input-type=module", "-e", program], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, GREETING: "meow", NODE_OPTIONS: nodeOptions },
  });
  return JSON.parse(out);
}

beforeAll(async () => {
  // A handler with a part loaded on first use and a setting read when it loads, its split
  // build (here one module) and a warm-up that answers once.
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "src/handler.ts"),
    `const greeting = process.env.GREETING ?? "hello";
export async function handler(name: string): Promise<string> {
  const { shout } = await import("./shout.ts");
  return shout(\`\${greeting}, \${name}\`);
}`,
  );
  writeFileSync(join(dir, "src/shout.ts"), "export const shout = (s: string) => s.toUpperCase();");
  mkdirSync(join(dir, "dist/esm"), { recursive: true });
  writeFileSync(
    join(dir, "dist/esm/handler.mjs"),
    'export const handler = async (name) => "split build: " + name;',
  );
  writeFileSync(
    join(dir, "warm-up.mjs"),
    `export default async ({ handler }) => {
  if ((await handler("warm-up")) !== "MEOW, WARM-UP") throw new Error("not answered");
};`,
  );
  ({ entry } = await writeCodeCachedEntry({
    entry: join(dir, "src/handler.ts"),
    outdir: join(dir, "dist"),
    fallback: "./esm/handler.mjs",
    nodeFlags: FLAGS,
    warmUp: join(dir, "warm-up.mjs"),
    env: { PATH: process.env.PATH, GREETING: "meow" },
  }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeCodeCachedEntry", () => {
  it("loads the handler with its compiled code under the flags it was made with", () => {
    expect(run(FLAGS)).toEqual({ answer: "MEOW, CAT", codeCache: "used" });
  });

  it("loads the split build under other flags, where V8 would compile the whole script", () => {
    expect(run([])).toEqual({ answer: "split build: cat", codeCache: "not taken" });
    expect(run(["--max-old-space-size=301"]).codeCache).toBe("not taken");
    // The same command line, with a V8 flag from the environment.
    expect(run(FLAGS, "--max-semi-space-size=4").codeCache).toBe("not taken");
  });

  it("asks V8 when node was started otherwise, and takes the cache if only Node's flags differ", () => {
    expect(run([...FLAGS, "--no-deprecation"])).toEqual({ answer: "MEOW, CAT", codeCache: "used" });
    expect(run(FLAGS, "--no-deprecation").codeCache).toBe("used");
  });

  it("loads the split build, without asking V8, where another V8 or processor runs it", () => {
    const entryText = readFileSync(entry, "utf8");
    const v8 = process.versions.v8.split("-")[0]!;
    expect(entryText).toContain(JSON.stringify(v8));
    try {
      writeFileSync(entry, entryText.replace(JSON.stringify(v8), '"1.2.3.4"'));
      expect(run(FLAGS)).toEqual({ answer: "split build: cat", codeCache: "not taken" });
      writeFileSync(entry, entryText.replace(JSON.stringify(process.arch), '"s390x"'));
      expect(run(FLAGS).codeCache).toBe("not taken");
    } finally {
      writeFileSync(entry, entryText);
    }
  });

  it("still answers from the script when V8 refuses a damaged cache", () => {
    writeFileSync(join(dir, "dist/handler.script.js.cache"), Buffer.from("not a code cache"));
    expect(run(FLAGS)).toEqual({ answer: "MEOW, CAT", codeCache: "rejected" });
  });

  it("refuses a warm-up that fails, with what it said", async () => {
    writeFileSync(
      join(dir, "failing.mjs"),
      'export default () => { throw new Error("no answer"); };',
    );
    await expect(
      writeCodeCachedEntry({
        entry: join(dir, "src/handler.ts"),
        outdir: join(dir, "failed"),
        fallback: "./esm/handler.mjs",
        nodeFlags: [],
        warmUp: join(dir, "failing.mjs"),
      }),
    ).rejects.toThrow(/warm-up failed: .*no answer/s);
  }, 30_000);
});

describe("lambdaNodeFlags", () => {
  it("gives what Lambda's Node.js bootstrap starts node with for the memory size", () => {
    expect(lambdaNodeFlags(1024)).toEqual([
      "--expose-gc",
      "--max-http-header-size",
      "81920",
      "--max-semi-space-size=51",
      "--max-old-space-size=922",
    ]);
    expect(lambdaNodeFlags(128).slice(-2)).toEqual([
      "--max-semi-space-size=6",
      "--max-old-space-size=116",
    ]);
  });
});

describe("codeCacheMismatch", () => {
  const nodeMajor = Number(process.versions.node.split(".")[0]);
  const otherArch = process.arch === "arm64" ? "x64" : "arm64";

  it("is nothing where the function runs this processor and Node line", () => {
    expect(codeCacheMismatch({ arch: process.arch, nodeMajor })).toBeUndefined();
  });

  it("says what differs where the cache would be refused", () => {
    expect(codeCacheMismatch({ arch: otherArch, nodeMajor })).toBe(
      `this is ${process.arch} Node ${nodeMajor}, the function runs on ${otherArch} Node ${nodeMajor}`,
    );
    expect(codeCacheMismatch({ arch: process.arch, nodeMajor: nodeMajor + 2 })).toMatch(
      new RegExp(`runs on ${process.arch} Node ${nodeMajor + 2}$`),
    );
  });
});
