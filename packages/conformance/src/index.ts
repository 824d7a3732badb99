// @catops/conformance: the scenarios every CatOps adapter and connector must pass, and the
// harness that runs them through an adapter's real entry point, from this repository or any other.

// The harness: what a driver implements
export type { AdapterDriver, ConformanceSetup, RunningAdapter } from "./harness.ts";
export { describeRow } from "./row.ts";
export type { RowContext, Scenario } from "./row.ts";

// The tables: each runs every scenario as a vitest test through one driver
export { CONFORMANCE_SCENARIOS, conformanceNotApplicable, runConformance } from "./scenarios.ts";
export {
  CHAT_CONFORMANCE_SCENARIOS,
  chatConformanceEnv,
  runChatConformance,
} from "./chat-scenarios.ts";

export { CONFORMANCE_ADMIN } from "./users.ts";

// Stand-ins for the chat platforms' servers
export { startRecorder } from "./recorder.ts";
export { startSlackSocket } from "./slack-socket.ts";
export type { SlackSocket } from "./slack-socket.ts";
export type { RecordedRequest, Recorder, ScriptedResponse } from "./recorder.ts";
export {
  createTestIssuer,
  GOOGLE_IDENTITY_PATHS,
  serveGoogleIdentity,
  serveTeamsIdentity,
  TEAMS_IDENTITY_PATHS,
  testServiceAccount,
} from "./identity.ts";
export type { TestIssuer } from "./identity.ts";
