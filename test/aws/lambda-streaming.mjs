// Lambda's Node.js runtime hands a streaming handler its response as a writable stream, through
// the `awslambda` global (`streamifyResponse`, `HttpResponseStream.from`). The runtime cannot run
// here, so this stands in for it as AWS documents it: `HttpResponseStream.from` sets the status
// and headers before the first byte, the client has its whole answer once the stream ends, and
// the invocation lasts until the handler's promise settles. Plain JavaScript, so the example's
// scripts (a fresh `node` process) use it as the tests do.
import { PassThrough } from "node:stream";

// The mark Lambda's runtime interface client puts on a streaming handler.
const STREAMING = Symbol.for("aws.lambda.runtime.handler.streaming");

class ResponseStream extends PassThrough {
  metadata = {};
  setContentType(type) {
    this.metadata.headers = { "content-type": type, ...this.metadata.headers };
  }
}

/** Puts the `awslambda` global in place, as Lambda's runtime does before loading a handler. */
export function installLambdaStreaming() {
  // Some libraries leave an empty `awslambda` object behind; the runtime's has these two.
  if (typeof globalThis.awslambda?.streamifyResponse === "function") return;
  globalThis.awslambda = {
    ...globalThis.awslambda,
    streamifyResponse: (handler) => Object.assign(handler, { [STREAMING]: "response" }),
    HttpResponseStream: {
      from(stream, metadata) {
        stream.metadata = metadata;
        return stream;
      },
    },
  };
}

/** Invokes a streaming handler as a RESPONSE_STREAM Function URL would; resolves with the answer. */
export function invokeStreaming(handler, event, context) {
  if (handler?.[STREAMING] !== "response")
    throw new Error("not a streaming handler: wrap it with awslambda.streamifyResponse");
  const stream = new ResponseStream();
  const chunks = [];
  stream.on("data", (chunk) => chunks.push(chunk));
  const ended = handler(event, stream, context);
  const endedAt = ended.then(() => Date.now());
  return new Promise((resolve, reject) => {
    ended.catch(reject);
    stream.on("end", () =>
      resolve({
        statusCode: stream.metadata.statusCode ?? 200,
        headers: stream.metadata.headers ?? {},
        body: Buffer.concat(chunks).toString("utf8"),
        answeredAt: Date.now(),
        endedAt,
      }),
    );
  });
}

/**
 * Invokes any handler as a function URL in RESPONSE_STREAM mode would: a streaming one through
 * its stream, any other with (event, context). Resolves with the HTTP result when the client
 * has the whole answer; a streaming invocation's end is `endedAt`.
 */
export async function invokeAsFunctionUrl(handler, event, context) {
  if (handler?.[STREAMING] !== "response") return handler(event, context);
  const { statusCode, headers, body, endedAt } = await invokeStreaming(handler, event, context);
  return { statusCode, headers, body, endedAt };
}
