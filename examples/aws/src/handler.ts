// The example plugins on AWS Lambda: API Gateway in front, DynamoDB for state, deferred
// commands in an asynchronous invocation of this same function.
import { createAlerts } from "@catops/alerts/create";
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createCatOps } from "@catops/core";
import { createSlackConnector } from "@catops/slack";
import { plugins } from "./plugins.generated.ts";

const bot = createCatOps({
  plugins,
  connectors: [createSlackConnector()],
  // CloudWatch alarms (SNS, EventBridge) and /alerts/<source> webhooks post to CATOPS_ALERT_CHANNEL.
  alerts: createAlerts(),
  store: createDynamoStore({ tableName: process.env.CATOPS_TABLE_NAME ?? "catops" }),
  env: process.env,
});

export const handler = catopsLambda(bot);
