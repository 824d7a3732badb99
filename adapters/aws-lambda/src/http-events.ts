// @catops/aws-lambda/http-events: the processors that turn each of Lambda's HTTP event formats
// into a request and an answer back, for code that reads those events itself. An entry of its
// own: `catopsLambda` loads the ALB and REST API ones with their first event, and a re-export
// from the main entry would put them on every cold path.
export {
  alb,
  apiGatewayV1,
  functionUrl,
  httpApiV2,
  processorFor,
  processors,
} from "./events/index.js";
