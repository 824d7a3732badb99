// The Web Crypto minimum answering as the AWS example does, through Lambda's response stream:
// what the stream costs a cold start (the stand-in's first use of Node's streams) apart from
// what CatOps does is the difference between this and the minimum.
import { handler as answer } from "./lambda-web-crypto.mjs";
import { streamed } from "./streamed.mjs";

export const handler = streamed(answer);
