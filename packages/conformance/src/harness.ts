// The conformance matrix: one table of scenarios that every adapter must pass through its
// real entry point. An adapter joins by writing test/conformance/<adapter>.test.ts:
//
//   import { runConformance } from "./harness.ts";
//   runConformance({ name: "node", start: async (setup) => { ...; return { send, stop } } });
//
// `setup` carries the secrets and the recorder URL; the adapter serves a bot whose plugins are
// test/conformance/plugins (built by test/conformance/bot.ts: createConformanceBot), with
// Slack's API pointed at the recorder through CATOPS_SLACK_API_URL.
//
// The chat connectors' table (chat-scenarios.ts: runChatConformance) runs through the same
// driver; its setup adds CATOPS_MATTERMOST_TOKEN, CATOPS_PUBLIC_URL, CATOPS_DISCORD_PUBLIC_KEY,
// CATOPS_DISCORD_API_URL (Discord's API: the recorder) and the CATOPS_TEAMS_* and
// CATOPS_GOOGLE_CHAT_* settings (their key sets, token endpoints and APIs: the recorder) to
// `env`, so a driver must pass every key.

import type { Recorder } from "./recorder.ts";

export interface ConformanceSetup {
  /** The values the bot under test must be configured with (as env/bindings). */
  env: {
    SLACK_SIGNING_SECRET: string;
    SLACK_BOT_TOKEN: string;
    /** Base URL for Slack Web API calls (chat.postMessage): the local recorder. */
    CATOPS_SLACK_API_URL: string;
    /** In the chat table: CATOPS_MATTERMOST_TOKEN, CATOPS_PUBLIC_URL, CATOPS_DISCORD_*, CATOPS_TEAMS_*, CATOPS_GOOGLE_CHAT_*. */
    [key: string]: string;
  };
  /** The recorder standing in for Slack (response_url and the Web API both point here). */
  recorderUrl: string;
  /** The recorder itself, for a driver that scripts Slack's answers (apps.connections.open). */
  recorder: Recorder;
}

export interface RunningAdapter {
  /** Sends one HTTP request through the adapter's real entry point and returns its answer. */
  send(request: Request): Promise<Response>;
  /** For runtimes whose deferred jobs need an explicit step (a captured queue message,
   *  a captured self-invocation): deliver everything pending. Others leave it out. */
  drain?(): Promise<void>;
  /**
   * Fires a schedule of the bot through the runtime's own scheduled entry point (an EventBridge
   * input, a Cron Trigger, a timer function, a Cloud Scheduler message, the server's timer), as
   * the runtime would for the firing at `at`.
   */
  fire(schedule: ConformanceSchedule, at: Date): Promise<void>;
  stop(): Promise<void>;
}

/** A schedule of the conformance bot: its name and the cron it is written with. */
export interface ConformanceSchedule {
  name: string;
  cron: string;
}

export interface AdapterDriver {
  /** The row's name: 'node', 'aws-lambda (http api v2)', 'cloudflare-workers', ... */
  name: string;
  start(setup: ConformanceSetup): Promise<RunningAdapter>;
  /**
   * Requests the platform itself answers before the adapter's entry point runs, each with the
   * reason. `malformedJson`: the platform parses JSON bodies and refuses a malformed one with a
   * plain 400 of its own (the Functions Framework's body parser); the scenario then still
   * requires the 400 and no stack trace, but not CatOps' JSON error body.
   */
  platformAnswers?: { malformedJson?: string };
  /**
   * How the table's requests reach the bot. 'http' (the default): each is sent as it is.
   * 'slack-socket-mode': each Slack request is delivered as the Socket Mode envelope Slack would
   * send instead, and the acknowledgement is the answer; the scenarios marked `httpOnly` (each
   * with its reason) are not run.
   */
  transport?: "http" | "slack-socket-mode";
}

export { CONFORMANCE_SCENARIOS, conformanceNotApplicable, runConformance } from "./scenarios.ts";
export { CHAT_CONFORMANCE_SCENARIOS, runChatConformance } from "./chat-scenarios.ts";
