// `catops init --from <this repository>` for every target, as a user runs it before the first
// release: the built CLI writes each project in the OS temp folder, outside the workspace, with
// the CatOps packages packed from this checkout into it; then the commands its README gives, with
// npm and an empty cache: install, test, type-check, ask from the terminal, the dev server, and
// the deployable bundle, which answers a request.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lambdaNodeFlags } from "@catops/node";
import { TARGETS } from "../../packages/cli/src/init-targets.ts";
import { eventFromRequest, responseFromResult } from "../aws/events.ts";
import { builtWorkerModules } from "../workers/bundle.ts";
import { dispatch } from "../workers/dispatch.ts";
import { registryProblem } from "../support/registry.ts";
import { userShellEnv } from "../support/user-env.ts";
import { signedSlackRequest, slashCommandBody } from "../workers/slack-request.ts";
import {
  cliBin,
  createScratch,
  missingBuilds,
  type Ran,
  repoRoot,
  run,
  runNpm,
  type Scratch,
} from "./projects.ts";
import { startServer } from "./server.ts";
import { type PrebuildMirror, servePrebuild } from "./sqlite-prebuild.ts";

type Target = (typeof TARGETS)[number];
const SECRET = "init-check-signing-secret";
const NEEDED = [
  "catops",
  "@catops/core",
  "@catops/slack",
  "@catops/node",
  "@catops/aws-lambda",
  "@catops/azure-functions",
  "@catops/gcp-functions",
  "@catops/cloudflare-workers",
];
/** The Node target compiles better-sqlite3 when no prebuilt binary can be downloaded. */
const INSTALL_MS = 540_000;

let scratch: Scratch;
let prebuild: PrebuildMirror;
const created = new Map<Target, Ran>();
const installed = new Map<Target, Ran>();
const projectDir = (target: Target) => join(scratch.dir, target, "my-bot");

beforeAll(async () => {
  const missing = missingBuilds(NEEDED);
  if (missing.length > 0)
    throw new Error(`build these first (npx turbo run build): ${missing.join(", ")}`);
  scratch = createScratch();
  prebuild = await servePrebuild(scratch.dir);
  for (const target of TARGETS) {
    const ran = await run(
      process.execPath,
      [cliBin, "init", "my-bot", "--target", target, "--from", repoRoot],
      { cwd: scratch.folder(target), timeoutMs: 120_000 },
    );
    created.set(target, ran);
  }
  // All five at once: the Node target's native build takes longest, the others overlap it.
  await Promise.all(
    TARGETS.filter((target) => created.get(target)!.code === 0).map(async (target) => {
      const ran = await runNpm(scratch, ["install"], projectDir(target), INSTALL_MS, prebuild.env);
      installed.set(target, ran);
    }),
  );
  await prebuild.close();
  const packed = [...created.values()].reduce((sum, ran) => sum + ran.ms, 0);
  console.info(`catops init --from <checkout>, five projects packed and written: ${packed} ms`);
  const times = [...installed].map(([target, ran]) => `${target} ${ran.ms} ms`).join(", ");
  const sqlite = prebuild.served()
    ? `better-sqlite3 ${prebuild.version} prebuilt`
    : "better-sqlite3 compiled";
  console.info(`catops init --from: npm install with an empty cache: ${times} (${sqlite})`);
}, INSTALL_MS + 300_000);

afterAll(() => scratch?.remove(), 60_000);

/** Fails with the command's own output, so a broken template says why. */
function expectSuccess(ran: Ran | undefined, what: string): void {
  expect(ran, `${what} did not run`).toBeDefined();
  expect(ran!.code, `${what} failed:\n${ran!.stdout}\n${ran!.stderr}`).toBe(0);
}

for (const target of TARGETS) {
  describe(`catops init my-bot --target ${target} --from <checkout>`, () => {
    const dir = () => projectDir(target);
    const file = (path: string) => readFileSync(join(dir(), path), "utf8");

    it("writes a project whose CatOps packages are tarballs packed from the checkout", () => {
      expectSuccess(created.get(target), "catops init");
      expect(created.get(target)!.stdout).toContain("cd my-bot");
      const manifest = JSON.parse(file("package.json"));
      const vendored = readdirSync(join(dir(), "vendor/catops")).sort();
      expect(manifest.dependencies["@catops/core"]).toBe(
        "file:vendor/catops/catops-core-0.1.0.tgz",
      );
      expect(manifest.devDependencies.catops).toBe("file:vendor/catops/catops-0.1.0.tgz");
      expect(Object.values(manifest.overrides).sort()).toEqual(
        vendored.map((tarball) => `file:vendor/catops/${tarball}`),
      );
      for (const path of ["plugins/example.ts", "test/example.test.ts", ".env.example"])
        expect(existsSync(join(dir(), path)), path).toBe(true);
      expect(file("README.md")).toContain("npx catops manifest --url");
    });

    it("installs with npm, a native SQLite build only for the Node server", async () => {
      const ran = installed.get(target);
      if (ran?.code !== 0) {
        const registry = await registryProblem();
        if (registry) throw new Error(registry);
      }
      expectSuccess(ran, "npm install");
      expect(existsSync(join(dir(), "node_modules/.bin/catops"))).toBe(true);
      expect(existsSync(join(dir(), "node_modules/better-sqlite3")), "better-sqlite3").toBe(
        target === "node",
      );
    }, 20_000);

    it("passes its own tests", async () => {
      const ran = await runNpm(scratch, ["test"], dir(), 90_000);
      expectSuccess(ran, "npm test");
      expect(ran.stdout).toMatch(/Tests\s+3 passed/);
    }, 100_000);

    it("type-checks", async () => {
      expectSuccess(
        await runNpm(scratch, ["run", "typecheck"], dir(), 90_000),
        "npm run typecheck",
      );
    }, 100_000);

    it("answers from the terminal", async () => {
      const ran = await runNpm(
        scratch,
        ["exec", "--", "catops", "run", "greet Ada"],
        dir(),
        60_000,
      );
      expectSuccess(ran, 'npx catops run "greet Ada"');
      expect(ran.stdout.trim()).toBe("Hello, Ada!");
    }, 70_000);

    it("serves the playground with npm run dev", async () => {
      const server = await startServer("npm", ["run", "dev", "--", "--port", "0"], {
        cwd: dir(),
        env: scratch.npmEnv,
        ready: /CatOps dev server on (http:\/\/127\.0\.0\.1:\d+)/,
      });
      try {
        const response = await fetch(`${server.url}/playground/command`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: "greet Ada --shout" }),
        });
        expect(response.status).toBe(200);
        const { messages } = (await response.json()) as { messages: { text: string }[] };
        expect(messages.at(-1)!.text).toBe("HELLO, ADA!");
        expect(server.output()).toContain(
          target === "node" ? "State in .catops/catops.db" : "State in memory",
        );
      } finally {
        await server.stop();
      }
    }, 60_000);

    it("builds its deployable bundle, which answers", async () => {
      const ran = await runNpm(scratch, ["run", "build"], dir(), 90_000);
      expectSuccess(ran, "npm run build");
      expect(ran.stdout).toMatch(/Wrote src\/plugins\.generated\.ts: 1 plugin files, 2 commands/);
      expect(ran.stderr, "the build warned").not.toMatch(/WARNING/);
      if (target === "aws")
        // Made only on a machine like the function's; anywhere else, the build says why not.
        expect(ran.stdout).toMatch(
          /dist\/handler\.mjs: with V8's code cache|V8's code cache not made: this is \w+ Node \d+, the function runs on arm64 Node 22/,
        );
      const coldPath = COLD_PATHS[target];
      if (coldPath) expectJoinedColdPath(join(dir(), splitBuildOf(ran.stdout, coldPath)));
      await SMOKE[target](dir());
    }, 100_000);

    if (target === "aws")
      it("builds with V8's code cache on a machine like the function's, taken at a cold start", async () => {
        // CATOPS_CODE_CACHE=host makes the cache for this machine, as the build does for the
        // function's processor and Node line when it runs on one.
        const ran = await run(process.execPath, ["scripts/build.mjs"], {
          cwd: dir(),
          timeoutMs: 90_000,
          env: userShellEnv({ CATOPS_CODE_CACHE: "host" }),
        });
        expectSuccess(ran, "CATOPS_CODE_CACHE=host node scripts/build.mjs");
        expect(ran.stdout).toMatch(/dist\/handler\.mjs: with V8's code cache \([\d.]+ KiB\)/);
        expectJoinedColdPath(join(dir(), "dist/esm/handler.mjs"));
        // Started as Lambda starts node for the template's 1 GB, the cold start takes the cache;
        // started otherwise, V8 would refuse it, and the split build answers.
        const flags = lambdaNodeFlags(Number(/MemorySize: (\d+)/.exec(file("template.yaml"))![1]));
        expect(await smokeAws(dir(), flags)).toBe("used");
        expect(await smokeAws(dir())).toBe("not taken");
      }, 120_000);
  });
}

/**
 * The AWS bundle, started with `nodeFlags`, asked as its streaming function URL asks; resolves
 * to whether it took V8's code cache (`codeCache`, undefined for the split build alone).
 */
async function smokeAws(dir: string, nodeFlags: string[] = []): Promise<string | undefined> {
  expect(existsSync(join(dir, "dist/handler.mjs"))).toBe(true);
  // The store is DynamoDB: pointed at a closed loopback port, so nothing can reach AWS.
  const env = {
    SLACK_SIGNING_SECRET: SECRET,
    AWS_REGION: "eu-west-1",
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    LAMBDA_STREAMING: new URL("../aws/lambda-streaming.mjs", import.meta.url).href,
  };
  const seen: { codeCache?: string }[] = [];
  await expectSlashReply(async (request) => {
    const event = await eventFromRequest("function-url", request);
    writeFileSync(join(dir, "event.json"), JSON.stringify(event));
    const result = (await smokeScript("aws", dir, ["event.json"], env, nodeFlags)) as {
      codeCache?: string;
    };
    seen.push(result);
    return responseFromResult(result);
  }, "https://abc123.lambda-url.eu-west-1.on.aws");
  return seen[0]!.codeCache;
}

/** Where the split build is: beside the code-cached entry when the build says it made one. */
function splitBuildOf(buildOutput: string, coldPath: string): string {
  return /V8's code cache \(/.test(buildOutput) ? coldPath.replace("dist/", "dist/esm/") : coldPath;
}

/**
 * The module a bundled target's cold start loads, as its scripts/build.mjs joins it (the Node
 * server keeps its dependencies in node_modules and is not bundled).
 */
const COLD_PATHS: Record<Target, string | undefined> = {
  aws: "dist/handler.mjs",
  azure: "deploy/dist/index.js",
  gcp: "dist/index.js",
  cloudflare: "dist/chunks/cold-path.js",
  node: undefined,
};

/** A cold start loads `file` alone: it imports no chunk, and loads the rest through import(). */
function expectJoinedColdPath(file: string): void {
  const code = readFileSync(file, "utf8");
  expect(code, `${file} imports a chunk statically`).not.toMatch(/(?:from|import)\s*"\.\.?\//);
  expect(code).toMatch(/import\("\.\/(?:chunks\/)?[\w-]+\.m?js"\)/);
  const chunks = readdirSync(join(file, "..", file.includes("/chunks/") ? "." : "chunks"));
  expect(chunks.length).toBeGreaterThan(0);
}

/** Per target: the bundle the deploy would upload, asked something the way its platform asks. */
const SMOKE: Record<Target, (dir: string) => Promise<void>> = {
  async aws(dir) {
    await smokeAws(dir);
  },

  async azure(dir) {
    for (const path of ["deploy/dist/index.js", "deploy/host.json", "deploy/package.json"])
      expect(existsSync(join(dir, path)), path).toBe(true);
    const deployManifest = JSON.parse(readFileSync(join(dir, "deploy/package.json"), "utf8"));
    expect(Object.keys(deployManifest.dependencies)).toEqual(["@azure/functions"]);
    await expectSlashReply(async (request) => {
      const seen = (await smokeScript("azure", dir, [await requestFile(dir, request)], {
        SLACK_SIGNING_SECRET: SECRET,
      })) as Record<string, any>;
      expect(seen.http).toHaveLength(1);
      expect(seen.queues).toEqual(["catops-jobs"]);
      return new Response(seen.body, { status: seen.status });
    }, "https://catops.azurewebsites.net");
  },

  async gcp(dir) {
    const deployManifest = JSON.parse(readFileSync(join(dir, "dist/package.json"), "utf8"));
    expect(Object.keys(deployManifest.dependencies).sort()).toEqual([
      "@google-cloud/firestore",
      "@google-cloud/functions-framework",
      "@google-cloud/pubsub",
    ]);
    await expectSlashReply(async (request) => {
      const seen = (await smokeScript("gcp", dir, [await requestFile(dir, request)], {
        SLACK_SIGNING_SECRET: SECRET,
      })) as Record<string, any>;
      expect(seen.functions).toEqual(["catops", "catops-jobs"]);
      return new Response(seen.body, { status: seen.status });
    }, "https://europe-west1-project.cloudfunctions.net");
  },

  async cloudflare(dir) {
    const wrangler = readFileSync(join(dir, "wrangler.toml"), "utf8");
    expect(wrangler).toMatch(/^name = "my-bot"$/m);
    const compatibilityDate = /^compatibility_date = "([^"]+)"$/m.exec(wrangler)![1]!;
    // What wrangler uploads: the split build in dist/, the entry and its chunks. The entry only
    // re-exports the handlers from the module a cold start loads (workerd reads its exports).
    expect(wrangler).toMatch(/^main = "dist\/index\.js"$/m);
    expect(readFileSync(join(dir, "dist/index.js"), "utf8").trim()).toBe(
      'export{default}from"./chunks/cold-path.js";',
    );
    const mf = new Miniflare({
      modules: builtWorkerModules(join(dir, "dist")),
      compatibilityDate,
      bindings: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-init-check" },
      d1Databases: { DB: "init-check" },
      queueProducers: { JOBS: "catops-jobs" },
    });
    try {
      await expectSlashReply((request) => dispatch(mf, request), "https://catops.workers.test");
    } finally {
      await mf.dispose();
    }
  },

  async node(dir) {
    expect(existsSync(join(dir, "dist/server.js"))).toBe(true);
    const server = await startServer(process.execPath, ["dist/server.js"], {
      cwd: dir,
      env: userShellEnv({ SLACK_SIGNING_SECRET: SECRET, PORT: "0", CATOPS_HOST: "127.0.0.1" }),
      ready: /CatOps: (http:\/\/127\.0\.0\.1:\d+)\//,
    });
    try {
      await expectSlashReply((request) => fetch(request), server.url);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  },
};

/** Copies test/init/smoke/<name>.mjs into the project, runs it there, parses what it printed. */
async function smokeScript(
  name: string,
  dir: string,
  args: string[] = [],
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Promise<unknown> {
  const script = `init-check-${name}.mjs`;
  copyFileSync(new URL(`./smoke/${name}.mjs`, import.meta.url), join(dir, script));
  const ran = await run(process.execPath, [...nodeFlags, script, ...args], {
    cwd: dir,
    timeoutMs: 30_000,
    env: userShellEnv(env),
  });
  expectSuccess(ran, `the ${name} bundle`);
  return JSON.parse(ran.stdout.trim().split("\n").at(-1)!);
}

/** Writes a Web Request as JSON for a smoke script; resolves to the file's name. */
async function requestFile(dir: string, request: Request): Promise<string> {
  const sent = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: await request.text(),
  };
  writeFileSync(join(dir, "request.json"), JSON.stringify(sent));
  return "request.json";
}

/** A signed `/catops greet Ada` answered with the example plugin's reply. */
async function expectSlashReply(
  send: (request: Request) => Promise<Response>,
  base: string,
): Promise<void> {
  const body = slashCommandBody("greet Ada --shout", "https://hooks.slack.test/commands/1/2");
  const response = await send(signedSlackRequest(`${base}/slack/events`, body, SECRET));
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ text: "HELLO, ADA!" });
  const forged = await send(signedSlackRequest(`${base}/slack/events`, body, "not-the-secret"));
  expect(forged.status).toBe(401);
}
