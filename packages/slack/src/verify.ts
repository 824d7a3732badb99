// Slack request signing (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}`, checked in
// constant time within a five-minute window. Web Crypto by default, so it runs everywhere.
import { type HmacSha256, timingSafeEqual, webCryptoHmacSha256 } from "@catops/core";

export interface SlackSignatureInput {
  signingSecret: string;
  /** The `X-Slack-Request-Timestamp` header: unix seconds as a decimal string. */
  timestamp: string | null | undefined;
  /** The `X-Slack-Signature` header: `v0=` and 64 hex digits. */
  signature: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: string;
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
  /** A faster HMAC (Node's crypto module) where the runtime has one; Web Crypto otherwise. */
  hmacSha256?: HmacSha256;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type SlackSignatureFailure =
  | "missing signing secret"
  | "missing timestamp"
  | "malformed timestamp"
  | "stale timestamp"
  | "missing signature"
  | "malformed signature"
  | "signature mismatch";

/** How far a request's timestamp may be from our clock, either way. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = 300;

const TIMESTAMP = /^\d{1,12}$/;
// Slack sends lower-case hex; anything else is refused, so one body has exactly one valid
// signature header and any change to it (a single bit included) fails.
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** Thrown by `assertSlackSignature`; `reason` says which check failed. */
export class SlackSignatureError extends Error {
  override name = "SlackSignatureError";
  constructor(readonly reason: SlackSignatureFailure) {
    super(`invalid Slack request signature: ${reason}`);
  }
}

/** The checks, in order; undefined when the request is genuine. */
export async function slackSignatureFailure(
  input: SlackSignatureInput,
): Promise<SlackSignatureFailure | undefined> {
  const { signingSecret, timestamp, signature, body } = input;
  if (!signingSecret) return "missing signing secret";
  if (!timestamp) return "missing timestamp";
  if (!TIMESTAMP.test(timestamp)) return "malformed timestamp";
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > SLACK_SIGNATURE_WINDOW_SECONDS)
    return "stale timestamp";
  if (!signature) return "missing signature";
  if (!SIGNATURE.test(signature)) return "malformed signature";
  const hmac = input.hmacSha256 ?? webCryptoHmacSha256;
  const expected = `v0=${await hmac(signingSecret, `v0:${timestamp}:${body}`)}`;
  return timingSafeEqual(expected, signature) ? undefined : "signature mismatch";
}

/** True when the request was signed by Slack with `signingSecret` in the last five minutes. */
export async function verifySlackSignature(input: SlackSignatureInput): Promise<boolean> {
  return (await slackSignatureFailure(input)) === undefined;
}

/** Like `verifySlackSignature`, but throws a `SlackSignatureError` naming the failed check. */
export async function assertSlackSignature(input: SlackSignatureInput): Promise<void> {
  const failure = await slackSignatureFailure(input);
  if (failure) throw new SlackSignatureError(failure);
}
