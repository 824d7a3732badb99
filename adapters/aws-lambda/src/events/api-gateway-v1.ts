// API Gateway REST API (v1 proxy integration), and HTTP APIs on payload format 1.0.
import type { ApiGatewayV1Event, ApiGatewayV1Result } from "../types.js";
import {
  buildRequest,
  type EventProcessor,
  encodeQuery,
  headersFrom,
  resultBody,
  splitHeaders,
} from "./shared.js";
import { isApiGatewayV1Event } from "./shapes.js";

export const apiGatewayV1: EventProcessor<ApiGatewayV1Event, ApiGatewayV1Result> = {
  format: "api-gateway-v1",

  matches: isApiGatewayV1Event,

  toRequest(event, options) {
    const headers = headersFrom(event.headers, event.multiValueHeaders);
    return buildRequest({
      method: event.httpMethod,
      host: event.requestContext.domainName,
      proto: headers.get("x-forwarded-proto") ?? undefined,
      path: event.path,
      query: encodeQuery(event.queryStringParameters, event.multiValueQueryStringParameters),
      headers,
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
      basePath: options?.basePath,
    });
  },

  async toResult(response) {
    const { headers, cookies } = splitHeaders(response);
    return {
      statusCode: response.status,
      headers,
      ...(cookies.length > 0 ? { multiValueHeaders: { "set-cookie": cookies } } : {}),
      ...(await resultBody(response)),
    };
  },
};
