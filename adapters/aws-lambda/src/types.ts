// The native AWS shapes this adapter reads: only the fields it uses.

/** The Lambda context object (the fields CatOps reads). */
export interface LambdaContext {
  functionName: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

type Headers1 = Record<string, string | undefined> | null | undefined;
type MultiHeaders = Record<string, string[] | undefined> | null | undefined;

/** API Gateway REST API (v1 proxy integration); also HTTP API payload format 1.0. */
export interface ApiGatewayV1Event {
  version?: string;
  resource?: string;
  httpMethod: string;
  path: string;
  headers?: Headers1;
  multiValueHeaders?: MultiHeaders;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { domainName?: string; requestId?: string; stage?: string };
}

/** API Gateway HTTP API (payload format 2.0) and Lambda Function URLs: the same shape. */
export interface ApiGatewayV2Event {
  version: "2.0";
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Headers1;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    domainName?: string;
    requestId?: string;
    stage?: string;
    http: { method: string; path?: string };
  };
}

/** Application Load Balancer target: headers or multiValueHeaders, as the target group is set. */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn?: string } };
  httpMethod: string;
  path: string;
  headers?: Headers1;
  multiValueHeaders?: MultiHeaders;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export type HttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

/** One record of an SNS event. `Sns.Message` is a string: JSON for CloudWatch alarms. */
export interface SnsRecord {
  EventSource: "aws:sns";
  Sns: { Message: string; TopicArn?: string; Subject?: string | null; MessageId?: string };
}

export interface SnsEvent {
  Records: SnsRecord[];
}

/** An EventBridge event; CloudWatch alarms arrive as "CloudWatch Alarm State Change". */
export interface EventBridgeEvent {
  version?: string;
  id: string;
  "detail-type": string;
  source: string;
  detail: unknown;
}
