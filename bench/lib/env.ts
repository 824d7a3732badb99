// The environment every contender runs with: the same secrets, Slack's API on a loopback stub,
// and cloud endpoints pointed at a closed loopback port, so nothing can leave the machine.
import { BOT_TOKEN, SIGNING_SECRET } from "./slack.mjs";

/** A loopback port nothing listens on: a call that should not happen fails at once. */
export const CLOSED = "http://127.0.0.1:9";

export function benchEnv(
  slackApiUrl: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NODE_NO_WARNINGS: "1",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    CATOPS_SLACK_API_URL: slackApiUrl,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL: CLOSED,
    AWS_ENDPOINT_URL_DYNAMODB: CLOSED,
    AWS_ENDPOINT_URL_LAMBDA: CLOSED,
    CATOPS_TABLE_NAME: "catops-bench",
    ...extra,
  };
}
