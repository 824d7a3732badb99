import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "esbuild";
import { codeCacheMismatch, lambdaNodeFlags, writeCodeCachedEntry } from "./code-cache.js";
import { joinColdPath } from "./cold-path.js";
import { nodeSplitBundleOptions } from "./split-bundle.js";

const dir = mkdtempSync(join(tmpdir(), "catops-code-cache-"));
const FLAGS = ["--max-old-space-size=300"];
let entry: string;
let scripts: string[];
const ANSWER = "MEOW, CAT (1)";

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

/** The split build of a handler in `dir`/src, into `dir`/dist/esm: its entry and its files. */
async function splitBuild(): Promise<string[]> {
  const esm = join(dir, "dist/esm");
  const { metafile } = await build({
    ...nodeSplitBundleOptions,
    entryPoints: [join(dir, "src/handler.ts")],
    outdir: esm,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    absWorkingDir: dir,
    logLevel: "silent",
  });
  return joinColdPath({ entry: "dist/esm/handler.mjs", metafile, workingDir: dir });
}

beforeAll(async () => {
  // A handler with a part loaded on first use, state both share, and a setting read when it
  // loads; its split build, and a warm-up that answers once.
  mkdirSync(join(dir, "src"));
  writeFileSync(
    join(dir, "src/handler.ts"),
    `import { count } from "./calls.ts";
const greeting = process.env.GREETING ?? "hello";
export async function handler(name: string): Promise<string> {
  count();
  const { shout } = await import("./shout.ts");
  return shout(\`\${greeting}, \${name}\`);
}`,
  );
  writeFileSync(
    join(dir, "src/calls.ts"),
    "let calls = 0;\nexport const count = () => ++calls;\nexport const counted = () => calls;",
  );
  writeFileSync(
    join(dir, "src/shout.ts"),
    `import { counted } from "./calls.ts";
export const shout = (s: string) => \`\${s.toUpperCase()} (\${counted()})\`;`,
  );
  writeFileSync(
    join(dir, "warm-up.mjs"),
    `export default async ({ handler }) => {
  if ((await handler("warm-up")) !== "MEOW, WARM-UP (1)") throw new Error("not answered");
};`,
  );
  ({ entry, files: scripts } = await writeCodeCachedEntry({
    outdir: join(dir, "dist"),
    fallback: "./esm/handler.mjs",
    files: await splitBuild(),
    nodeFlags: FLAGS,
    warmUp: join(dir, "warm-up.mjs"),
    env: { PATH: process.env.PATH, GREETING: "meow" },
  }));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeCodeCachedEntry", () => {
  it("loads the handler with its compiled code under the flags it was made with", () => {
    expect(run(FLAGS)).toEqual({ answer: ANSWER, codeCache: "used" });
  });

  it("makes a script of each module: the cold path cached, the later ones beside it", () => {
    const [coldPath, cache, ...later] = scripts;
    expect(coldPath).toBe(join(dir, "dist/handler-script/handler.js"));
    expect(cache).toBe(`${coldPath}.cache`);
    expect(later.length).toBeGreaterThan(0);
    for (const script of later)
      expect(dirname(script)).toBe(join(dir, "dist/handler-script/chunks"));
    // What the handler loads on first use is not in the script a cold start reads.
    expect(readFileSync(coldPath!, "utf8")).not.toContain("toUpperCase");
    expect(later.some((script) => readFileSync(script, "utf8").includes("toUpperCase"))).toBe(true);
  });

  it("loads the split build under other flags, where V8 would compile the scripts anew", () => {
    expect(run([])).toEqual({ answer: ANSWER, codeCache: "not taken" });
    expect(run(["--max-old-space-size=301"]).codeCache).toBe("not taken");
    // The same command line, with a V8 flag from the environment.
    expect(run(FLAGS, "--max-semi-space-size=4").codeCache).toBe("not taken");
  });

  it("asks V8 when node was started otherwise, and takes the cache if only Node's flags differ", () => {
    expect(run([...FLAGS, "--no-deprecation"])).toEqual({ answer: ANSWER, codeCache: "used" });
    expect(run(FLAGS, "--no-deprecation").codeCache).toBe("used");
  });

  it("loads the split build, without asking V8, where another V8 or processor runs it", () => {
    const entryText = readFileSync(entry, "utf8");
    const v8 = process.versions.v8.split("-")[0]!;
    expect(entryText).toContain(JSON.stringify(v8));
    try {
      writeFileSync(entry, entryText.replace(JSON.stringify(v8), '"1.2.3.4"'));
      expect(run(FLAGS)).toEqual({ answer: ANSWER, codeCache: "not taken" });
      writeFileSync(entry, entryText.replace(JSON.stringify(process.arch), '"s390x"'));
      expect(run(FLAGS).codeCache).toBe("not taken");
    } finally {
      writeFileSync(entry, entryText);
    }
  });

  it("still answers from the scripts when V8 refuses a damaged cache", () => {
    const cache = join(dir, "dist/handler-script/handler.js.cache");
    const made = readFileSync(cache);
    try {
      writeFileSync(cache, Buffer.from("not a code cache"));
      expect(run(FLAGS)).toEqual({ answer: ANSWER, codeCache: "rejected" });
    } finally {
      writeFileSync(cache, made);
    }
  });

  it("refuses a warm-up that fails, with what it said", async () => {
    writeFileSync(
      join(dir, "failing.mjs"),
      'export default () => { throw new Error("no answer"); };',
    );
    await expect(
      writeCodeCachedEntry({
        outdir: join(dir, "dist"),
        name: "failed",
        fallback: "./esm/handler.mjs",
        files: [join(dir, "dist/esm/handler.mjs")],
        nodeFlags: [],
        warmUp: join(dir, "failing.mjs"),
      }),
    ).rejects.toThrow(/warm-up failed: .*no answer/s);
  }, 30_000);

  it("refuses a module that reads its own URL, which a script has not", async () => {
    mkdirSync(join(dir, "meta/esm"), { recursive: true });
    writeFileSync(
      join(dir, "meta/esm/handler.mjs"),
      "export const handler = () => import.meta.url;",
    );
    await expect(
      writeCodeCachedEntry({
        outdir: join(dir, "meta"),
        fallback: "./esm/handler.mjs",
        files: [join(dir, "meta/esm/handler.mjs")],
        nodeFlags: [],
        warmUp: join(dir, "warm-up.mjs"),
      }),
    ).rejects.toThrow(/reads import\.meta/);
  });
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
