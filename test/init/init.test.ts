// `catops init` for every target, as a user runs it: the built CLI writes each project, pnpm
// installs the five of them in one temporary workspace (the @catops/* packages linked to this
// repository, everything else from the local store), and each project's own scripts run its
// tests, type-check it and build its deployable bundle, which then answers a request.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TARGETS } from "../../packages/cli/src/init-targets.ts";
import { eventFromRequest, responseFromResult } from "../aws/events.ts";
import { dispatch } from "../workers/dispatch.ts";
import { signedSlackRequest, slashCommandBody } from "../workers/slack-request.ts";
import { startNodeServer } from "./node-server.ts";
import {
  cleanEnv,
  cliBin,
  createTempWorkspace,
  linkWorkspacePackages,
  missingBuilds,
  type Ran,
  run,
  runPnpm,
  type TempWorkspace,
  workspaceDirs,
} from "./workspace.ts";

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

let workspace: TempWorkspace;
const created = new Map<string, Ran>();
let install: Ran & { network: boolean };

beforeAll(async () => {
  const missing = missingBuilds(NEEDED);
  if (missing.length > 0)
    throw new Error(`build these first (npx turbo run build): ${missing.join(", ")}`);
  workspace = createTempWorkspace();
  for (const target of TARGETS) {
    const ran = await run(process.execPath, [cliBin, "init", target, "--target", target], {
      cwd: workspace.dir,
      timeoutMs: 20_000,
    });
    created.set(target, ran);
    if (ran.code === 0) linkWorkspacePackages(join(workspace.dir, target));
  }
  // Everything a template depends on is in the store the repository installed from; the
  // registry is asked only when the store lacks something, and then within a bound.
  const offline = await runPnpm(
    ["install", "--offline", "--no-frozen-lockfile", "--reporter=append-only"],
    workspace.dir,
    120_000,
  );
  install = { ...offline, network: false };
  if (offline.code !== 0) {
    const online = await runPnpm(
      ["install", "--prefer-offline", "--no-frozen-lockfile", "--reporter=append-only"],
      workspace.dir,
      150_000,
    );
    install = { ...online, network: true };
  }
  console.info(
    `catops init: five projects installed in ${install.ms} ms (${install.network ? "needed the registry" : "offline, from the store"})`,
  );
}, 300_000);

afterAll(() => workspace?.remove());

/** Fails with the command's own output, so a broken template says why. */
function expectSuccess(ran: Ran, what: string): void {
  expect(ran.code, `${what} failed:\n${ran.stdout}\n${ran.stderr}`).toBe(0);
}

it("installs the five projects without the network", () => {
  expectSuccess(install, "pnpm install");
  expect(install.network, install.stderr).toBe(false);
});

for (const target of TARGETS) {
  describe(`catops init --target ${target}`, () => {
    const dir = () => join(workspace.dir, target);
    const file = (path: string) => readFileSync(join(dir(), path), "utf8");

    it("writes a project that depends on the published package names", () => {
      expectSuccess(created.get(target)!, "catops init");
      expect(created.get(target)!.stdout).toContain(`cd ${target}`);
      const original = JSON.parse(file("package.json"));
      expect(original.dependencies["@catops/core"]).toBe(
        `link:${workspaceDirs().get("@catops/core")}`,
      );
      for (const path of ["plugins/example.ts", "test/example.test.ts", ".env.example"])
        expect(existsSync(join(dir(), path)), path).toBe(true);
      expect(file("README.md")).toContain("npx catops manifest --url");
    });

    it("passes its own tests", async () => {
      const ran = await runPnpm(["run", "test"], dir(), 90_000);
      expectSuccess(ran, "npm test");
      expect(ran.stdout).toMatch(/Tests\s+3 passed/);
    }, 100_000);

    it("type-checks", async () => {
      expectSuccess(await runPnpm(["run", "typecheck"], dir(), 90_000), "npm run typecheck");
    }, 100_000);

    it("builds its deployable bundle, which answers", async () => {
      const ran = await runPnpm(["run", "build"], dir(), 90_000);
      expectSuccess(ran, "npm run build");
      expect(ran.stdout).toMatch(/Wrote src\/plugins\.generated\.ts: 1 plugin files, 2 commands/);
      await SMOKE[target](dir());
    }, 100_000);
  });
}

/** Per target: the bundle the deploy would upload, asked something the way its platform asks. */
const SMOKE: Record<(typeof TARGETS)[number], (dir: string) => Promise<void>> = {
  async aws(dir) {
    expect(existsSync(join(dir, "dist/handler.mjs"))).toBe(true);
    // The store is DynamoDB: pointed at a closed loopback port, so nothing can reach AWS.
    const env = {
      SLACK_SIGNING_SECRET: SECRET,
      AWS_REGION: "eu-west-1",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    };
    await expectSlashReply(async (request) => {
      const event = await eventFromRequest("http-api-v2", request);
      writeFileSync(join(dir, "event.json"), JSON.stringify(event));
      return responseFromResult(await smokeScript("aws", dir, ["event.json"], env));
    }, "https://abc123.execute-api.eu-west-1.amazonaws.com");
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
    const code = readFileSync(join(dir, "dist/worker.js"), "utf8");
    const wrangler = readFileSync(join(dir, "wrangler.toml"), "utf8");
    expect(wrangler).toMatch(/^name = "cloudflare"$/m);
    const compatibilityDate = /^compatibility_date = "([^"]+)"$/m.exec(wrangler)![1]!;
    const mf = new Miniflare({
      modules: true,
      script: code,
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
    const server = await startNodeServer(dir, { SLACK_SIGNING_SECRET: SECRET });
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
): Promise<unknown> {
  const script = `init-check-${name}.mjs`;
  copyFileSync(new URL(`./smoke/${name}.mjs`, import.meta.url), join(dir, script));
  const ran = await run(process.execPath, [script, ...args], {
    cwd: dir,
    timeoutMs: 30_000,
    env: cleanEnv(env),
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
