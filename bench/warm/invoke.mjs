// One warm Lambda invocation as the runtime makes it: an event and a context of its own (made
// before the clock starts), the handler invoked as a Function URL in response-streaming mode,
// timed until the response starts; it must answer 200.
import { invokeAsFunctionUrl } from "../../test/aws/lambda-streaming.mjs";

/** Milliseconds until the handler's response started. */
export async function timedInvocation(handler, eventJson, contextJson, requestId) {
  const event = JSON.parse(eventJson);
  const context = JSON.parse(contextJson);
  context.awsRequestId = requestId;
  context.getRemainingTimeInMillis = () => 30_000;
  const started = performance.now();
  const result = await invokeAsFunctionUrl(handler, event, context);
  const elapsed = performance.now() - started;
  await result?.endedAt;
  if (result?.statusCode !== 200) throw new Error(`${requestId}: ${JSON.stringify(result)}`);
  return elapsed;
}
