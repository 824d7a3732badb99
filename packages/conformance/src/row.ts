// One row of a conformance table: start the recorder and the adapter, run each scenario as a
// test, then let the adapter finish its background work and stop everything.
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Recorder, startRecorder } from "./recorder.ts";
import type { AdapterDriver, ConformanceSetup, RunningAdapter } from "./harness.ts";

export interface RowContext {
  driver: AdapterDriver;
  adapter: RunningAdapter;
  recorder: Recorder;
  setup: ConformanceSetup;
}

export interface Scenario {
  name: string;
  /**
   * Why the scenario means something only over HTTP (signatures, body limits, probes, requests
   * that are not Slack's): a driver whose transport is Slack's Socket Mode does not run it.
   */
  httpOnly?: string;
  run(ctx: RowContext): Promise<void>;
}

/** The scenarios `driver` cannot run, by name, each with the reason. */
export function notApplicable(
  driver: AdapterDriver,
  scenarios: readonly Scenario[],
): Record<string, string> {
  if (driver.transport !== "slack-socket-mode") return {};
  return Object.fromEntries(
    scenarios.flatMap((s) => (s.httpOnly ? [[s.name, s.httpOnly] as const] : [])),
  );
}

/**
 * `describe(title)` with one test per scenario `driver` can run (see `notApplicable`), through
 * `driver`, configured with `env`.
 */
export function describeRow(
  title: string,
  driver: AdapterDriver,
  env: (recorderUrl: string) => ConformanceSetup["env"],
  scenarios: readonly Scenario[],
): void {
  describe(title, () => {
    const ctx = { driver } as RowContext;

    beforeAll(async () => {
      ctx.recorder = await startRecorder();
      ctx.setup = {
        env: env(ctx.recorder.url),
        recorderUrl: ctx.recorder.url,
        recorder: ctx.recorder,
      };
      ctx.adapter = await driver.start(ctx.setup);
    }, 60_000);

    afterAll(async () => {
      await ctx.adapter?.drain?.();
      await ctx.adapter?.stop();
      await ctx.recorder?.close();
    }, 30_000);

    const excluded = notApplicable(driver, scenarios);
    for (const scenario of scenarios.filter((s) => !(s.name in excluded)))
      it(scenario.name, () => scenario.run(ctx), 15_000);
  });
}
