// Picks the processor for an HTTP event by looking at it. ALB first: it also has httpMethod.
// Function URLs before HTTP API: both are payload 2.0, and the Function URL test settles both.
import { alb } from "./alb.js";
import { apiGatewayV1 } from "./api-gateway-v1.js";
import { httpApiV2 } from "./api-gateway-v2.js";
import { functionUrl } from "./function-url.js";
import type { EventProcessor } from "./shared.js";

export const processors: readonly EventProcessor[] = [alb, functionUrl, httpApiV2, apiGatewayV1];

export function processorFor(event: unknown): EventProcessor | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  return processors.find((processor) => processor.matches(event));
}

export { alb, apiGatewayV1, functionUrl, httpApiV2 };
export type { EventProcessor, HttpEventFormat, RequestOptions } from "./shared.js";
