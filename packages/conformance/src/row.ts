// One row of a conformance table: start the recorder and the adapter, run each scenario as a
// test, then let the adapter finish its background work and stop everything.
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Recorder, startRecorder } from "./recorder.ts";
import type { AdapterDriver, ConformanceSetup, RunningAdapter } from "./harness.ts";

/**
 * A scenario's time limit, whatever the runner's default (vitest's 5 s is sized for unit tests):
 * a row's processes may share a busy machine. This repository's TIMEOUTS.testTimeout, as well.
 */
const SCENARIO_TIMEOUT_MS = 20_000;

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
  /** What the scenario needs of the runtime; a driver without it must say why it cannot apply. */
  needs?: keyof NonNullable<AdapterDriver["inapplicable"]>;
  run(ctx: RowContext): Promise<void>;
}

/**
 * The scenarios `driver` cannot run, by name, each with the reason: those only about HTTP on a
 * Socket Mode driver, and those needing what the runtime says it lacks (`inapplicable`).
 */
export function notApplicable(
  driver: AdapterDriver,
  scenarios: readonly Scenario[],
): Record<string, string> {
  const reasons: Record<string, string> = {};
  for (const scenario of scenarios) {
    const reason =
      (driver.transport === "slack-socket-mode" && scenario.httpOnly) ||
      (scenario.needs && driver.inapplicable?.[scenario.needs]);
    if (reason) reasons[scenario.name] = reason;
  }
  return reasons;
}

/**
 * `describe(title)` with one test per scenario, through `driver`, configured with `env`; those
 * it cannot run (see `notApplicable`) are reported skipped with the reason.
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

    // A scenario that cannot apply is reported skipped with its reason, never run as passing.
    const excluded = notApplicable(driver, scenarios);
    for (const scenario of scenarios) {
      const reason = excluded[scenario.name];
      if (reason) it.skip(`${scenario.name} (does not apply: ${reason})`, () => {});
      else it(scenario.name, () => scenario.run(ctx), SCENARIO_TIMEOUT_MS);
    }
  });
}
