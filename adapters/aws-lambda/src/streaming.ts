// Response streaming (a Function URL in RESPONSE_STREAM mode): Lambda's Node.js runtime hands
// the handler a writable stream through the `awslambda` global. The answer is written and the
// stream ended as soon as it is ready; the invocation then goes on with the work after it.
import type { MiddyfiedHandler } from "@middy/core";
import type { HttpResult, LambdaContext } from "./types.js";

interface ResponseStream {
  write(chunk: string | Uint8Array): unknown;
  end(chunk?: string | Uint8Array): unknown;
}

interface RuntimeStreamingApi {
  streamifyResponse<F>(handler: F): F;
  HttpResponseStream: {
    from(stream: ResponseStream, metadata: Record<string, unknown>): ResponseStream;
  };
}

function streamingApi(): RuntimeStreamingApi {
  const api = (globalThis as { awslambda?: Partial<RuntimeStreamingApi> }).awslambda;
  if (typeof api?.streamifyResponse !== "function" || !api.HttpResponseStream)
    throw new TypeError(
      "@catops/aws-lambda: catopsLambda({ streaming: true }) needs the Lambda Node.js runtime's awslambda global (response streaming)",
    );
  return api as RuntimeStreamingApi;
}

const isStream = (value: unknown): value is ResponseStream =>
  typeof (value as ResponseStream | undefined)?.write === "function";

/**
 * `buffered` as a streaming handler: a Function URL's HTTP result goes out as the stream's
 * status, headers and body, then `afterAnswer(context)` runs before the invocation ends. Every
 * other result is written as JSON, the payload a buffered invocation returns: API Gateway and
 * ALB read the proxy result from it, and what jobs and alarms answer nobody reads. Middlewares
 * added with `.use()` go to `buffered`, so both shapes share them. Called without a stream (an
 * emulator that knows no streaming), it answers as `buffered` does.
 */
export function streamed<R>(
  buffered: MiddyfiedHandler<unknown, R>,
  options: {
    /** Whether the event's answer is an HTTP response streamed to its client (a Function URL). */
    streamsHttp: (event: unknown) => boolean;
    /** The work after the answer; undefined when there is none to wait for. */
    afterAnswer: (context: object) => Promise<void> | undefined;
  },
): MiddyfiedHandler<unknown, R> {
  const api = streamingApi();
  const handler = api.streamifyResponse(async function streamedAnswer(
    event: unknown,
    stream: unknown,
    context: LambdaContext,
  ) {
    if (!isStream(stream)) return buffered(event, stream as never);
    try {
      const result = (await buffered(event, context as never)) as unknown;
      if (isHttpResult(result) && options.streamsHttp(event)) {
        const { body, isBase64Encoded, ...metadata } = result as HttpResult & { body?: string };
        const out = api.HttpResponseStream.from(stream, metadata);
        // One call, not a write and an end: the stream settles its state once.
        if (body) out.end(isBase64Encoded ? Buffer.from(body, "base64") : body);
        else out.end();
      } else {
        stream.write(JSON.stringify(result));
        stream.end();
      }
    } finally {
      const after = options.afterAnswer(context);
      if (after) await after;
    }
  });
  // The middy surface (use, before, after, onError) acts on the buffered handler.
  for (const key of ["use", "before", "after", "onError"] as const)
    (handler as any)[key] = (...args: unknown[]) => {
      (buffered as any)[key](...args);
      return handler;
    };
  return handler as unknown as MiddyfiedHandler<unknown, R>;
}

function isHttpResult(result: unknown): result is HttpResult {
  return typeof (result as { statusCode?: unknown } | null)?.statusCode === "number";
}
