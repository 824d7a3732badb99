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
   * Hands `envelope` (anything: a job envelope as someone outside could write it) to the
   * runtime's job entry point as its queue or self-invocation would deliver it (a Lambda
   * invocation, a Storage Queue message, a Pub/Sub message, a Workers Queue message). A runtime
   * that receives no envelopes from outside leaves it out and says why in the driver's
   * `inapplicable.jobEnvelopes`.
   */
  deliverJob?(envelope: unknown): Promise<void>;
  /**
   * A run killed in mid-run: holds back the next job the runtime is handed (a self-invocation,
   * a queue or Pub/Sub message), leaves its record `running` in the runtime's own store as the
   * run would have before it died, its lease long gone, and resolves to its envelope, which the
   * runtime's queue would deliver again (`deliverJob`). Called before the command is sent. A
   * runtime without redelivery leaves it out and says why in `inapplicable.redelivery`.
   */
  killNextJob?(): Promise<unknown>;
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
   * send instead, and the acknowledgement is the answer; the scenarios marked `httpOnly` are
   * reported skipped, each with its reason.
   */
  transport?: "http" | "slack-socket-mode";
  /**
   * Scenarios that cannot apply to this runtime, each with the reason (they are reported
   * skipped with it). `jobEnvelopes`: its jobs never arrive from outside as envelopes;
   * `redelivery`: no queue delivers a job again after the run it started was killed.
   */
  inapplicable?: { jobEnvelopes?: string; redelivery?: string };
}

export { CONFORMANCE_SCENARIOS, conformanceNotApplicable, runConformance } from "./scenarios.ts";
export { CHAT_CONFORMANCE_SCENARIOS, runChatConformance } from "./chat-scenarios.ts";
