// @catops/aws-lambda: CatOps on AWS Lambda. A middy handler for API Gateway (REST and HTTP
// API), Function URLs and ALB; deferred commands by async self-invoke; CloudWatch alarms.
// The DynamoDB store is at "@catops/aws-lambda/dynamodb".

// Handler
export { catopsLambda, UNKNOWN_EVENT_ERROR } from "./handler.js";
export type {
  CatOpsLambdaHandler,
  CatOpsLambdaOptions,
  InvocationResult,
  LambdaBot,
} from "./handler.js";

// Schedules
export { runScheduled } from "./scheduled.js";
export type { ScheduledResult } from "./scheduled.js";

// Event formats
// The event processors themselves: @catops/aws-lambda/http-events.
export type { EventProcessor, HttpEventFormat, RequestOptions } from "./events/index.js";
export { isAlarmStateChange, isSnsEvent } from "./alarms.js";
export { isCloudWatchAlarmRecord } from "./invocations.js";

// Defer
export { encodeEnvelope, invokeSelf, MAX_ASYNC_PAYLOAD_BYTES } from "./defer.js";
export type { LambdaClientLike } from "./defer.js";

// Runtime
export { nodeHmacSha256 } from "@catops/core/node-hmac";
export { contextEnv, createInvocation } from "./runtime.js";
export type { Invocation } from "./runtime.js";

// Native types
export type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  EventBridgeEvent,
  HttpResult,
  LambdaContext,
  SnsEvent,
  SnsRecord,
} from "./types.js";
