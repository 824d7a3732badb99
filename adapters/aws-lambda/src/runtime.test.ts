import { silentLogger } from "@catops/core";
import { describe, expect, it } from "vitest";
import { contextEnv, createInvocation } from "./runtime.js";
import { createLambdaContext } from "./testing.js";

const options = (env: Record<string, unknown>) => ({
  env,
  logger: silentLogger,
  marginMs: 500,
  afterAnswer: false,
});

describe("the env of an invocation", () => {
  it("is the configured env object itself when the context carries no values", () => {
    const env = { SLACK_SIGNING_SECRET: "configured" };
    const { runtime } = createInvocation(createLambdaContext(), options(env));
    expect(runtime.env).toBe(env);
  });

  it("takes the upper-case string values a middleware put on the context, over the configured", () => {
    const env = { SLACK_SIGNING_SECRET: "configured", OTHER: "kept" };
    const context = Object.assign(createLambdaContext(), {
      SLACK_SIGNING_SECRET: "from-ssm",
      Mixed_Case: "ignored",
      COUNT: 3,
    });
    const { runtime } = createInvocation(context, options(env));
    expect(runtime.env).toEqual({ SLACK_SIGNING_SECRET: "from-ssm", OTHER: "kept" });
    expect(env.SLACK_SIGNING_SECRET).toBe("configured");
    expect(contextEnv(context)).toEqual({ SLACK_SIGNING_SECRET: "from-ssm" });
    expect(contextEnv(createLambdaContext())).toEqual({});
  });
});

describe("settling an invocation", () => {
  const withAfterAnswer = { ...options({}), afterAnswer: true };

  it("has nothing to wait for when nothing was handed over", () => {
    const { settle } = createInvocation(createLambdaContext(), withAfterAnswer);
    expect(settle()).toBeUndefined();
  });

  it("waits for the work handed to waitUntil, then has nothing left", async () => {
    const { runtime, settle } = createInvocation(createLambdaContext(), withAfterAnswer);
    let done = false;
    runtime.waitUntil!(
      new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => {
        done = true;
      }),
    );
    const settling = settle();
    expect(settling).toBeInstanceOf(Promise);
    await settling;
    expect(done).toBe(true);
    expect(settle()).toBeUndefined();
  });
});
