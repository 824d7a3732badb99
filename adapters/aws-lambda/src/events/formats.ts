// Which processor reads an HTTP event, told by the event's shape. Function URLs and HTTP APIs
// (payload 2.0) are read by code a cold start loads; an ALB's or a REST API's processor loads
// with the first such event, so a cold start carries the one format it is deployed behind.
// ALB first: it also has httpMethod. Function URLs before HTTP API: both are payload 2.0, and
// the Function URL test settles both.
import { httpApiV2 } from "./api-gateway-v2.js";
import { functionUrl } from "./function-url.js";
import { isAlbEvent, isApiGatewayV1Event } from "./shapes.js";
import type { EventProcessor, HttpEventFormat } from "./shared.js";

export interface HttpFormat {
  format: HttpEventFormat;
  matches(event: object): boolean;
  /** Its processor: at once when a cold start has loaded it, else once loaded. */
  processor(): EventProcessor | Promise<EventProcessor>;
}

export const HTTP_FORMATS: readonly HttpFormat[] = [
  {
    format: "alb",
    matches: isAlbEvent,
    processor: async () => (await import("./alb.js")).alb,
  },
  { format: "function-url", matches: functionUrl.matches, processor: () => functionUrl },
  { format: "http-api-v2", matches: httpApiV2.matches, processor: () => httpApiV2 },
  {
    format: "api-gateway-v1",
    matches: isApiGatewayV1Event,
    processor: async () => (await import("./api-gateway-v1.js")).apiGatewayV1,
  },
];

/** The format of an HTTP event, or undefined for any other event. */
export function httpFormatOf(event: unknown): HttpFormat | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  return HTTP_FORMATS.find((candidate) => candidate.matches(event));
}
