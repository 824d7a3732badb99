// What tells an ALB or an API Gateway REST API event apart, kept from their processors: the
// router looks at every event, and those processors load only with the first such event.
import type { AlbEvent, ApiGatewayV1Event } from "../types.js";

export function isAlbEvent(event: unknown): event is AlbEvent {
  const e = event as Partial<AlbEvent> & { requestContext?: { elb?: unknown } };
  return (
    typeof e?.httpMethod === "string" &&
    typeof e.requestContext === "object" &&
    e.requestContext !== null &&
    typeof e.requestContext.elb === "object"
  );
}

export function isApiGatewayV1Event(event: unknown): event is ApiGatewayV1Event {
  const e = event as Partial<ApiGatewayV1Event> & { requestContext?: { elb?: unknown } };
  return (
    typeof e?.httpMethod === "string" &&
    typeof e.path === "string" &&
    typeof e.requestContext === "object" &&
    e.requestContext !== null &&
    !("elb" in e.requestContext)
  );
}
