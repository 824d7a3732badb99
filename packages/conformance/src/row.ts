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
  /** What the scenario needs of the runtime; a driver without it must say why it cannot apply. */
  needs?: keyof NonNullable<AdapterDriver["inapplicable"]>;
  run(ctx: RowContext): Promise<void>;
}

/** `describe(title)` with one test per scenario, through `driver`, configured with `env`. */
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
      ctx.setup = { env: env(ctx.recorder.url), recorderUrl: ctx.recorder.url };
      ctx.adapter = await driver.start(ctx.setup);
    }, 60_000);

    afterAll(async () => {
      await ctx.adapter?.drain?.();
      await ctx.adapter?.stop();
      await ctx.recorder?.close();
    }, 30_000);

    for (const scenario of scenarios) {
      const reason = scenario.needs && driver.inapplicable?.[scenario.needs];
      if (reason) it.skip(`${scenario.name} (does not apply: ${reason})`, () => {});
      else it(scenario.name, () => scenario.run(ctx), 15_000);
    }
  });
}
