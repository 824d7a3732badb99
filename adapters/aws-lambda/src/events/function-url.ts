// Lambda Function URLs: the payload 2.0 shape, recognised by the lambda-url domain.
import type { ApiGatewayV2Event, ApiGatewayV2Result } from "../types.js";
import { isFunctionUrlEvent, isV2Event, v2Request, v2Result } from "./api-gateway-v2.js";
import type { EventProcessor } from "./shared.js";

export const functionUrl: EventProcessor<ApiGatewayV2Event, ApiGatewayV2Result> = {
  format: "function-url",
  matches: (event): event is ApiGatewayV2Event => isV2Event(event) && isFunctionUrlEvent(event),
  // A Function URL has no stages: its path is as sent, less an explicit base path.
  toRequest: (event, options) => v2Request(event, options, event.rawPath),
  toResult: v2Result,
};
