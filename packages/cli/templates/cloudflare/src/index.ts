// The bot as a Cloudflare Worker: D1 keeps state, the JOBS queue takes long jobs.
import {
  catopsWorker,
  createD1Store,
  type D1Database,
  type Queue,
} from "@catops/cloudflare-workers";
import { createCatOps } from "@catops/core";
import { createSlackConnector } from "@catops/slack/create";
import { plugins } from "./plugins.generated.ts";

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
    connectors: [createSlackConnector()],
    env: { ...env },
  }),
);
