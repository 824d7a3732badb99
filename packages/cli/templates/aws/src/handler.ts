// The bot on AWS Lambda: Slack talks to the function URL, which streams its answer so a slow
// command's late reply runs on in the same invocation; DynamoDB for state; deferred commands in
// an asynchronous invocation of this same function. template.yaml creates all of it.
import { catopsLambda } from "@catops/aws-lambda";
import { createDynamoStore } from "@catops/aws-lambda/dynamodb";
import { createCatOps } from "@catops/core";
import { createSlackConnector } from "@catops/slack/create";
import { plugins } from "./plugins.generated.ts";

const bot = createCatOps({
  plugins,
  connectors: [createSlackConnector()],
  store: createDynamoStore({ tableName: process.env.CATOPS_TABLE_NAME ?? "catops" }),
  env: process.env,
});

export const handler = catopsLambda(bot, { streaming: true });
