// Deferred jobs on Lambda: the function invokes itself asynchronously with the job envelope.
// The Lambda client is imported and created on first use, once per container, so commands
// that never defer never load the SDK.
import type { JobEnvelope } from "@catops/core";

/** The part of a LambdaClient used here; pass your own to configure region, retries, tracing. */
export interface LambdaClientLike {
  send(command: any): Promise<{ StatusCode?: number; FunctionError?: string }>;
}

/** Lambda's limit for an asynchronous invocation's payload. */
export const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

let sdk: Promise<typeof import("@aws-sdk/client-lambda")> | undefined;
let defaultClient: LambdaClientLike | undefined;

function loadSdk() {
  sdk ??= import("@aws-sdk/client-lambda").catch((error) => {
    sdk = undefined;
    throw new Error("deferring a command on Lambda needs @aws-sdk/client-lambda", {
      cause: error,
    });
  });
  return sdk;
}

/** Invokes `functionName` with `InvocationType: 'Event'` and the envelope as payload. */
export async function invokeSelf(
  job: JobEnvelope,
  functionName: string,
  client?: LambdaClientLike,
): Promise<void> {
  const { InvokeCommand, LambdaClient } = await loadSdk();
  if (!client && !defaultClient) defaultClient = new LambdaClient({}) as LambdaClientLike;
  const lambda = client ?? defaultClient!;
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: encodeEnvelope(job),
    }),
  );
  if (out.StatusCode !== 202)
    throw new Error(`self-invoke of ${functionName} for job ${job.id} answered ${out.StatusCode}`);
}

/** The envelope as bytes; the platform's raw payload goes first when it would not fit. */
export function encodeEnvelope(job: JobEnvelope): Uint8Array {
  const encoder = new TextEncoder();
  let bytes = encoder.encode(JSON.stringify(job));
  if (bytes.byteLength > MAX_ASYNC_PAYLOAD_BYTES) {
    const { raw: _raw, ...event } = job.event;
    bytes = encoder.encode(JSON.stringify({ ...job, event }));
  }
  if (bytes.byteLength > MAX_ASYNC_PAYLOAD_BYTES)
    throw new Error(`job ${job.id} is ${bytes.byteLength} bytes, over Lambda's async limit`);
  return bytes;
}
