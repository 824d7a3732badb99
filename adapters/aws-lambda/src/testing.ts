// Test helpers: a Lambda context object shaped like the one the Node runtime passes.
import { randomUUID } from "node:crypto";
import type { LambdaContext } from "./types.js";

export interface TestContextOptions {
  functionName?: string;
  /** The invocation's time limit in ms; getRemainingTimeInMillis counts down from it. */
  timeoutMs?: number;
  awsRequestId?: string;
  region?: string;
}

/** Every field the Node runtime's context has, the deprecated callbacks included. */
export interface FullLambdaContext extends LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(message: unknown): void;
}

const deprecated = (name: string) => () => {
  throw new Error(`context.${name}() is not supported by async handlers`);
};

/** A context with every field the Node runtime sets, and a real countdown. */
export function createLambdaContext(options: TestContextOptions = {}): FullLambdaContext {
  const functionName = options.functionName ?? "catops";
  const region = options.region ?? "us-east-1";
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2025/01/01/[$LATEST]${randomUUID().replaceAll("-", "")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: deprecated("done"),
    fail: deprecated("fail"),
    succeed: deprecated("succeed"),
  };
}
