// The example plugins as a Cloudflare Worker: D1 keeps state, the JOBS queue takes long jobs,
// Cron Triggers fire the schedules.
import { createAlerts } from "@catops/alerts/create";
import {
  catopsWorker,
  createD1Store,
  type D1Database,
  type Queue,
} from "@catops/cloudflare-workers";
import { createCatOps } from "@catops/core";
import { createGoogleChatConnector } from "@catops/google-chat/create";
import { createSlackConnector } from "@catops/slack/create";
import { createTeamsConnector } from "@catops/teams/create";
import { plugins } from "./plugins.generated.js";

export interface Env {
  DB: D1Database;
  JOBS: Queue;
  SLACK_SIGNING_SECRET: string;
  SLACK_BOT_TOKEN: string;
}

export default catopsWorker((env: Env) =>
  createCatOps({
    plugins,
    store: createD1Store(env.DB),
    connectors: [createSlackConnector(), createTeamsConnector(), createGoogleChatConnector()],
    // /alerts/<source> webhooks and the on-call rota the plugins' rota-handoff schedule runs.
    alerts: createAlerts(),
    env: { ...env },
  }),
);
