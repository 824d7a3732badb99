// `catops build --schedules`: each cloud's configuration of the example plugins' schedules, and
// the examples' own configuration checked against it, so every schedule the bundle knows is
// configured and nothing is configured that the bundle does not know.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  checkSchedules,
  type PluginModule,
  type Schedule,
  schedulesFromModules,
} from "@catops/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Io } from "./io.js";
import { main } from "./main.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const read = (path: string) => readFileSync(join(repo, path), "utf8");
const out = mkdtempSync(join(tmpdir(), "catops-schedules-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What the bundle fires: the schedules of the examples' generated plugin module. */
let bundled: Schedule[] = [];

let stdout = "";
beforeAll(async () => {
  const generatedModule = join(repo, "examples/aws/src/plugins.generated.ts");
  const { plugins } = (await import(generatedModule)) as { plugins: PluginModule[] };
  bundled = [...checkSchedules(schedulesFromModules(plugins), {}).values()];
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const io: Io = {
    stdin: Readable.from([]),
    stdout: sink,
    stderr: sink,
    interactive: false,
    cwd: repo,
    env: {},
  };
  const args = ["--plugins", "examples/plugins", "--out", join(out, "plugins.generated.ts")];
  expect(await main(["build", ...args, "--schedules", join(out, "schedules")], io)).toBe(0);
  stdout = chunks.join("");
});

const generated = (file: string) => readFileSync(join(out, "schedules", file), "utf8");
const cfnTags = ["!Ref", "!GetAtt", "!Sub"].map((tag) => ({
  tag,
  resolve: (value: string) => value,
}));

/** A schedule as configured: the name its input gives and its expression. */
type Configured = { schedule: string; expression: string };
const byName = (list: Configured[]) =>
  [...list].sort((a, b) => a.schedule.localeCompare(b.schedule));

describe("catops build --schedules", () => {
  it("reports the schedules it configured", () => {
    expect(bundled.map((s) => s.name)).toEqual(["rota-handoff", "alert-escalation", "daily-check"]);
    expect(stdout).toContain("rota-handoff, alert-escalation, daily-check");
  });

  it("SAM: the function's ScheduleV2 events are the generated ones, one per schedule", () => {
    const events = parse(read("examples/aws/template.yaml"), { customTags: cfnTags }).Resources
      .CatopsFunction.Properties.Events as Record<string, any>;
    const configured = Object.entries(events)
      .filter(([, event]) => event.Type === "ScheduleV2" || event.Type === "Schedule")
      .map(([, event]) => ({
        schedule: JSON.parse(event.Properties.Input).schedule,
        expression: event.Properties.ScheduleExpression,
      }));
    const fragment = parse(generated("sam-events.yaml")) as Record<string, any>;
    const expected = Object.values(fragment).map((event: any) => ({
      schedule: JSON.parse(event.Properties.Input).schedule,
      expression: event.Properties.ScheduleExpression,
    }));
    expect(byName(configured)).toEqual(byName(expected));
    expect(configured.map((c) => c.schedule).sort()).toEqual(bundled.map((s) => s.name).sort());
    expect(events).toMatchObject(fragment);
  });

  it("serverless.yml: the function's schedule events are the generated ones", () => {
    const functions = parse(read("examples/aws/serverless.yml")).functions as Record<string, any>;
    const configured = Object.values(functions)
      .flatMap((fn: any) => fn.events ?? [])
      .filter((event: any) => event.schedule)
      .map((event: any) => ({
        schedule: event.schedule.input.schedule,
        expression: event.schedule.rate,
      }));
    const expected = (parse(generated("serverless-events.yml")) as any[]).map((event) => ({
      schedule: event.schedule.input.schedule,
      expression: event.schedule.rate,
    }));
    expect(byName(configured)).toEqual(byName(expected));
    expect(configured.map((c) => c.schedule).sort()).toEqual(bundled.map((s) => s.name).sort());
  });

  it("wrangler.toml: the Cron Triggers are exactly the schedules' crons", () => {
    const crons = (text: string) =>
      JSON.parse(/^crons = (\[.*\])$/m.exec(text)?.[1] ?? "null") as string[];
    const configured = crons(read("examples/cloudflare/wrangler.toml"));
    expect(configured).toEqual(crons(generated("wrangler-triggers.toml")));
    expect(new Set(configured)).toEqual(new Set(bundled.map((s) => s.cron.expression)));
  });

  it("GCP: one Cloud Scheduler job per schedule, publishing its envelope to the jobs topic", () => {
    const script = generated("gcloud-scheduler.sh");
    for (const schedule of bundled) {
      expect(script).toContain(`jobs create pubsub catops-${schedule.name} `);
      expect(script).toContain(`--schedule="${schedule.cron.expression}" --time-zone="Etc/UTC"`);
      expect(script).toContain(`"schedule":"${schedule.name}"`);
    }
    // docs/schedules.md shows the same commands.
    for (const line of script.split("\n").filter((l) => l.includes("--schedule=")))
      expect(read("docs/schedules.md")).toContain(line.trim());
  });

  it("Azure: a timer function per schedule, named as the adapter registers it", () => {
    expect(JSON.parse(generated("azure-timers.json"))).toEqual({
      "catops-schedule-rota-handoff": "0 0 9 * * 1,2,3,4,5",
      "catops-schedule-alert-escalation": "0 * * * * *",
      "catops-schedule-daily-check": "0 30 6 * * *",
    });
  });
});
