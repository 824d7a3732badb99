// Mattermost does not sign button presses, so each CatOps button carries its own proof: an HMAC
// of what it asks for, keyed with the slash command's token. A press whose context was not made
// here (forged, or edited) is refused.
import { timingSafeEqual, webCryptoHmacSha256 } from "@catops/core";
import type { ActionContext } from "./wire.js";

type Hmac = (key: string, message: string) => Promise<string> | string;

export interface SignedAction {
  action: string;
  value?: string;
  responseUrl?: string;
}

/** Keeps the signature of a CatOps button apart from any other HMAC made with the same token. */
const DOMAIN = "catops-mattermost-action:v1";

function signedText({ action, value, responseUrl }: SignedAction): string {
  return JSON.stringify([DOMAIN, action, value ?? null, responseUrl ?? null]);
}

/** The context for a button: the action, its value, where results go, and the signature. */
export async function signActionContext(
  action: SignedAction,
  token: string,
  hmac: Hmac = webCryptoHmacSha256,
): Promise<ActionContext> {
  return {
    action: action.action,
    ...(action.value !== undefined ? { value: action.value } : {}),
    ...(action.responseUrl ? { response_url: action.responseUrl } : {}),
    signature: await hmac(token, signedText(action)),
  };
}

/** The action a press asks for when its context was signed with one of `tokens`, else undefined. */
export async function verifyActionContext(
  context: unknown,
  tokens: readonly string[],
  hmac: Hmac = webCryptoHmacSha256,
): Promise<SignedAction | undefined> {
  if (typeof context !== "object" || context === null) return undefined;
  const {
    action,
    value,
    response_url: responseUrl,
    signature,
  } = context as Record<string, unknown>;
  if (typeof action !== "string" || typeof signature !== "string") return undefined;
  if (value !== undefined && typeof value !== "string") return undefined;
  if (responseUrl !== undefined && typeof responseUrl !== "string") return undefined;
  const claimed: SignedAction = {
    action,
    ...(value !== undefined ? { value } : {}),
    ...(responseUrl ? { responseUrl } : {}),
  };
  let matched = false;
  for (const token of tokens) {
    const expected = await hmac(token, signedText(claimed));
    // Exactly as signed (lower-case hex): any change to the signature fails.
    if (timingSafeEqual(expected, signature)) matched = true;
  }
  return matched ? claimed : undefined;
}
