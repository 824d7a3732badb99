// What Slack's and Discord's request signatures share: a signature over a timestamp and the raw
// body, refused outside a window around our clock so a captured request cannot be replayed.

/** A signed request as a verifier reads it. */
export interface SignedRequestInput {
  /** The timestamp header: unix seconds as a decimal string. */
  timestamp: string | null | undefined;
  /** The signature header. */
  signature: string | null | undefined;
  /** The raw request body, exactly as received. */
  body: string;
  /** The current time in ms since the epoch. Default `Date.now()`. */
  now?: number;
}

export type TimestampFailure = "missing timestamp" | "malformed timestamp" | "stale timestamp";

/** How far a request's timestamp may be from our clock, either way, by default: five minutes. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const TIMESTAMP = /^\d{1,12}$/;

/** Why a signed request's timestamp is refused, or undefined when it is within the window. */
export function timestampFailure(
  timestamp: string | null | undefined,
  nowMs: number = Date.now(),
  windowSeconds: number = SIGNATURE_WINDOW_SECONDS,
): TimestampFailure | undefined {
  if (!timestamp) return "missing timestamp";
  if (!TIMESTAMP.test(timestamp)) return "malformed timestamp";
  const nowSeconds = Math.floor(nowMs / 1000);
  return Math.abs(nowSeconds - Number(timestamp)) > windowSeconds ? "stale timestamp" : undefined;
}

/** A refused signature; `reason` says which check failed (for logs, never for the caller). */
export class SignatureError<Reason extends string = string> extends Error {
  override name = "SignatureError";
  constructor(
    platform: string,
    readonly reason: Reason,
  ) {
    super(`invalid ${platform} request signature: ${reason}`);
  }
}
