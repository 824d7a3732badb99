// A buffered Lambda handler answering through Lambda's response stream, as the AWS example
// answers: its result's status and headers first, then its body.
export function streamed(answer) {
  return awslambda.streamifyResponse(async (event, stream, context) => {
    const { body, ...metadata } = await answer(event, context);
    awslambda.HttpResponseStream.from(stream, metadata).end(body);
  });
}
