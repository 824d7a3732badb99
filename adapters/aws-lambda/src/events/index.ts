// Every HTTP event processor, for code that reads Lambda's HTTP events itself
// (`@catops/aws-lambda/http-events`). The adapter's own handler goes through formats.ts, which
// loads the ALB and REST API processors with their first event; the order is decided there.
import { alb } from "./alb.js";
import { apiGatewayV1 } from "./api-gateway-v1.js";
import { httpApiV2 } from "./api-gateway-v2.js";
import { functionUrl } from "./function-url.js";
import { HTTP_FORMATS, httpFormatOf } from "./formats.js";
import type { EventProcessor, HttpEventFormat } from "./shared.js";

const byFormat: Record<HttpEventFormat, EventProcessor> = {
  alb,
  "function-url": functionUrl,
  "http-api-v2": httpApiV2,
  "api-gateway-v1": apiGatewayV1,
};

export const processors: readonly EventProcessor[] = HTTP_FORMATS.map(
  ({ format }) => byFormat[format],
);

export function processorFor(event: unknown): EventProcessor | undefined {
  const found = httpFormatOf(event);
  return found && byFormat[found.format];
}

export { alb, apiGatewayV1, functionUrl, httpApiV2 };
export type { EventProcessor, HttpEventFormat, RequestOptions } from "./shared.js";
