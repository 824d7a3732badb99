// The node:crypto minimum answering as the AWS example does, through Lambda's response stream:
// what the stream costs a warm event apart from what CatOps does is the difference between
// this and the minimum.
import { handler as answer } from "./lambda-node-crypto.mjs";

export const handler = awslambda.streamifyResponse(async (event, stream, context) => {
  const { body, ...metadata } = await answer(event, context);
  awslambda.HttpResponseStream.from(stream, metadata).end(body);
});
