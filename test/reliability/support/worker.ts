// The reliability bot as a Worker, through the adapter's real entry point (catopsWorker).
import { catopsWorker } from "@catops/cloudflare-workers";
import { createLogger } from "@catops/core";
import { createReliabilityBot } from "./bot.ts";

const stringsOf = (env: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );

export default catopsWorker((env: Record<string, unknown>) => {
  const settings = stringsOf(env);
  return createReliabilityBot(settings, {
    logger: createLogger({ level: "error", write: () => {} }),
  });
});
