// The conformance bot as a Worker: the adapter's real entry point, state in D1, long jobs on
// the JOBS queue.
import { catopsWorker, createD1Store, type D1Database } from "@catops/cloudflare-workers";
import { createLogger } from "@catops/core";
import { createConformanceBot } from "../../packages/conformance/src/bot.ts";

interface Env {
  DB: D1Database;
  [binding: string]: unknown;
}

const stringsOf = (env: Env) =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );

export default catopsWorker((env: Env) => {
  const settings = stringsOf(env);
  return createConformanceBot(settings, {
    store: createD1Store(env.DB),
    logger: createLogger({
      level: "error",
      secrets: [settings.SLACK_SIGNING_SECRET, settings.SLACK_BOT_TOKEN],
    }),
  });
});
