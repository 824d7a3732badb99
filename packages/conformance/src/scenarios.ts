// The Slack table of the conformance matrix: its scenarios (real Slack payloads from
// test/fixtures/vendor, signed now, sent through an adapter's real entry point; assertions about
// what a Slack user would see), in the order a row runs them, and what its bot is configured with.
import type { AdapterDriver, ConformanceSetup } from "./harness.ts";
import { describeRow, notApplicable, type Scenario } from "./row.ts";
import { SLACK_ANSWERING } from "./slack-answering.ts";
import { SLACK_FEATURES } from "./slack-features.ts";
import { SLACK_GUARDS } from "./slack-guards.ts";
import { ALERT_CHANNEL, ALERT_TOKEN, BOT_TOKEN, SIGNING_SECRET } from "./slack-requests.ts";

// In this order: a row runs them one after another against one bot, whose store they share.
const scenarios: Scenario[] = [...SLACK_ANSWERING, ...SLACK_GUARDS, ...SLACK_FEATURES];

/** The names of every scenario, in order: each row runs all of them. */
export const CONFORMANCE_SCENARIOS: readonly string[] = scenarios.map((s) => s.name);

/** The scenarios of the table `driver` does not run, by name, each with the reason. */
export function conformanceNotApplicable(driver: AdapterDriver): Record<string, string> {
  return notApplicable(driver, scenarios);
}

/**
 * Defines the table for one adapter: `describe(driver.name)` with one test per scenario it can
 * run (all of them over HTTP).
 */
export function runConformance(driver: AdapterDriver): void {
  describeRow(driver.name, driver, conformanceEnv, scenarios);
}

/** What every row's bot is configured with: Slack's API and the alert channel at the recorder. */
function conformanceEnv(recorderUrl: string): ConformanceSetup["env"] {
  return {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_SLACK_API_URL: `${recorderUrl}/api`,
    CATOPS_ALERT_TOKEN: ALERT_TOKEN,
    CATOPS_ALERT_CHANNEL: ALERT_CHANNEL,
  };
}
