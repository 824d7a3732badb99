// The example plugins on AWS Lambda: Slack talks to the function URL, which streams its answer
// so work after it (a slow command's late reply) runs on in the same invocation; DynamoDB for
// state; deferred commands in an asynchronous invocation of this same function.
import { createAlerts } from "@catops/alerts/create";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createCatOps } from "@catops/core";
import { createGoogleChatConnector } from "@catops/google-chat/create";
import { createSlackConnector } from "@catops/slack/create";
import { createTeamsConnector } from "@catops/teams/create";
import { escalation, runbooks } from "../../plugins/_runbooks.ts";
import { plugins } from "./plugins.generated.ts";

const bot = createCatOps({
  plugins,
  connectors: [createSlackConnector(), createTeamsConnector(), createGoogleChatConnector()],
  // CloudWatch alarms (SNS, EventBridge) and /alerts/<source> webhooks post to CATOPS_ALERT_CHANNEL.
  alerts: createAlerts({ runbooks, escalation }),
  store: createDynamoStore({ tableName: process.env.CATOPS_TABLE_NAME ?? "catops" }),
  env: process.env,
});

export const handler = catopsLambda(bot, { streaming: true });
