// The native shapes this adapter reads: only the fields it uses, so any Express-style request
// (the Functions Framework's, a test's) fits.

/** The Functions Framework's request: Express, with the body already parsed and kept raw. */
export interface FunctionsRequest {
  method: string;
  url: string;
  /** Express keeps the path as sent here when a router rewrote `url`. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body's bytes as received, set by the framework's body parsers. */
  rawBody?: Uint8Array;
  /** The parsed body; read only when `rawBody` is missing. */
  body?: unknown;
  /** 'http' or 'https', from Express (trusting X-Forwarded-Proto). */
  protocol?: string;
  /** The framework's execution id (the function-execution-id header, or a generated one). */
  executionId?: string;
}

/** The Functions Framework's response: Express, used only through Node's own methods. */
export interface FunctionsResponse {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(body?: Uint8Array): unknown;
  headersSent?: boolean;
}

export type HttpHandler = (req: FunctionsRequest, res: FunctionsResponse) => Promise<void>;

/** A CloudEvent as the framework hands it over, in binary and in structured mode alike. */
export interface CloudEvent<T = unknown> {
  id: string;
  source: string;
  type: string;
  specversion: string;
  subject?: string;
  time?: string;
  data?: T;
}

export type CloudEventHandler = (event: CloudEvent<unknown>) => Promise<void>;

/** `data` of google.cloud.pubsub.topic.v1.messagePublished. */
export interface MessagePublishedData {
  message?: {
    /** base64 of the published bytes. */
    data?: string;
    attributes?: Record<string, string>;
    messageId?: string;
    publishTime?: string;
  };
  subscription?: string;
}

/** What registerCatOps needs of `@google-cloud/functions-framework`. */
export interface FunctionsRegistry {
  http(name: string, handler: HttpHandler): void;
  cloudEvent(name: string, handler: CloudEventHandler): void;
}

/** The part of `@google-cloud/pubsub`'s PubSub client that deferring uses. */
export interface PubSubClient {
  topic(
    name: string,
    options?: { batching?: { maxMessages?: number } },
  ): {
    publishMessage(message: {
      data: Uint8Array;
      attributes?: Record<string, string>;
    }): Promise<string>;
  };
}
