/** Puts the `awslambda` global in place, as Lambda's runtime does before loading a handler. */
export function installLambdaStreaming(): void;

export interface StreamedInvocation {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** When the client had the whole answer: the stream ended. */
  answeredAt: number;
  /** When the invocation ended: the handler's promise settled. */
  endedAt: Promise<number>;
}

/** Invokes a streaming handler as a RESPONSE_STREAM Function URL would; resolves with the answer. */
export function invokeStreaming(
  handler: unknown,
  event: unknown,
  context: object,
): Promise<StreamedInvocation>;

/**
 * Invokes any handler as a function URL in RESPONSE_STREAM mode would: a streaming one through
 * its stream, any other with (event, context). Resolves with the HTTP result when the client
 * has the whole answer; a streaming invocation's end is `endedAt`.
 */
export function invokeAsFunctionUrl(
  handler: unknown,
  event: unknown,
  context: object,
): Promise<{
  statusCode: number;
  body?: string;
  isBase64Encoded?: boolean;
  endedAt?: Promise<number>;
}>;
