// Slack request signing (v0): HMAC-SHA256 over `v0:{timestamp}:{raw body}`, checked in
// constant time within a five-minute window. Web Crypto by default, so it runs everywhere.
import {
  type HmacSha256,
  SIGNATURE_WINDOW_SECONDS,
  SignatureError,
  type SignedRequestInput,
  type TimestampFailure,
  timestampFailure,
  timingSafeEqual,
  webCryptoHmacSha256,
} from "@catops/core";

/**
 * `timestamp` is the `X-Slack-Request-Timestamp` header (unix seconds), `signature` the
 * `X-Slack-Signature` header (`v0=` and 64 hex digits).
 */
export interface SlackSignatureInput extends SignedRequestInput {
  signingSecret: string;
  /** A faster HMAC (Node's crypto module) where the runtime has one; Web Crypto otherwise. */
  hmacSha256?: HmacSha256;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type SlackSignatureFailure =
  | "missing signing secret"
  | TimestampFailure
  | "missing signature"
  | "malformed signature"
  | "signature mismatch";

/** How far a request's timestamp may be from our clock, either way. */
export const SLACK_SIGNATURE_WINDOW_SECONDS = SIGNATURE_WINDOW_SECONDS;

// Slack sends lower-case hex; anything else is refused, so one body has exactly one valid
// signature header and any change to it (a single bit included) fails.
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** Thrown by `assertSlackSignature`; `reason` says which check failed. */
export class SlackSignatureError extends SignatureError<SlackSignatureFailure> {
  override name = "SlackSignatureError";
  constructor(reason: SlackSignatureFailure) {
    super("Slack", reason);
  }
}

/** The checks, in order; undefined when the request is genuine. */
export async function slackSignatureFailure(
  input: SlackSignatureInput,
): Promise<SlackSignatureFailure | undefined> {
  return signatureFailure(input);
}

/**
 * `slackSignatureFailure`, answered in the same turn when the HMAC is synchronous (node:crypto):
 * what the connector checks every request with.
 */
export function signatureFailure(
  input: SlackSignatureInput,
): SlackSignatureFailure | undefined | Promise<SlackSignatureFailure | undefined> {
  const { signingSecret, timestamp, signature, body } = input;
  if (!signingSecret) return "missing signing secret";
  const stale = timestampFailure(timestamp, input.now, SLACK_SIGNATURE_WINDOW_SECONDS);
  if (stale) return stale;
  if (!signature) return "missing signature";
  if (!SIGNATURE.test(signature)) return "malformed signature";
  const hmac = input.hmacSha256 ?? webCryptoHmacSha256;
  const digest = hmac(signingSecret, `v0:${timestamp}:${body}`);
  const compare = (hex: string) =>
    timingSafeEqual(`v0=${hex}`, signature) ? undefined : "signature mismatch";
  return typeof digest === "string" ? compare(digest) : digest.then(compare);
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
