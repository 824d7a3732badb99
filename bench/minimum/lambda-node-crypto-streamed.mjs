// The node:crypto minimum answering as the AWS example does, through Lambda's response stream:
// what the stream costs a warm event apart from what CatOps does is the difference between
// this and the minimum.
import { handler as answer } from "./lambda-node-crypto.mjs";
import { streamed } from "./streamed.mjs";

export const handler = streamed(answer);
