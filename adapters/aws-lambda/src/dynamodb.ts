// The `@catops/aws-lambda/dynamodb` subpath: the DynamoDB store, kept off the main entry so the
// AWS SDK's DynamoDB client loads only for bots that use it.
export { createDynamoStore } from "./store.js";
export type { DynamoStoreOptions } from "./store.js";
