// Mattermost does not sign slash commands: it sends the command's token, as an
// `Authorization: Token <t>` header and as the `token` form field. Compared in constant time.
import { SignatureError, timingSafeEqual } from "@catops/core";

export interface MattermostTokenInput {
  /** The expected token(s): one per slash command (a team may have several). */
  tokens: readonly string[];
  /** The `Authorization` header, when the request has one. */
  authorization?: string | null;
  /** The `token` form field, when the body has one. */
  field?: string | null;
}

/** Why a request was refused: for logs only, never for the caller's response. */
export type MattermostTokenFailure =
  | "missing configured token"
  | "missing token"
  | "token mismatch";

/** Thrown by `assertMattermostToken`; `reason` says which check failed. */
export class MattermostTokenError extends SignatureError<MattermostTokenFailure> {
  override name = "MattermostTokenError";
  constructor(reason: MattermostTokenFailure) {
    super("Mattermost", reason);
  }
}

const TOKEN_HEADER = /^Token\s+(\S+)\s*$/i;

/** The token the request presents: the header's when it has the `Token` scheme, else the field. */
export function presentedToken(input: Pick<MattermostTokenInput, "authorization" | "field">) {
  const header = TOKEN_HEADER.exec(input.authorization ?? "")?.[1];
  return header ?? (input.field || undefined);
}

/** The checks, in order; undefined when the request carries one of the tokens. */
export function mattermostTokenFailure(
  input: MattermostTokenInput,
): MattermostTokenFailure | undefined {
  const tokens = input.tokens.filter((token) => token !== "");
  if (tokens.length === 0) return "missing configured token";
  const presented = presentedToken(input);
  if (!presented) return "missing token";
  // Every token is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const token of tokens) if (timingSafeEqual(token, presented)) matched = true;
  return matched ? undefined : "token mismatch";
}

/** True when the request carries one of the slash commands' tokens. */
export function verifyMattermostToken(input: MattermostTokenInput): boolean {
  return mattermostTokenFailure(input) === undefined;
}

/** Like `verifyMattermostToken`, but throws a `MattermostTokenError` naming the failed check. */
export function assertMattermostToken(input: MattermostTokenInput): void {
  const failure = mattermostTokenFailure(input);
  if (failure) throw new MattermostTokenError(failure);
}

/** `CATOPS_MATTERMOST_TOKEN` may list several tokens, comma-separated. */
export function splitTokens(setting: string | readonly string[] | undefined): string[] {
  const list = typeof setting === "string" ? setting.split(",") : [...(setting ?? [])];
  return list.map((token) => token.trim()).filter((token) => token !== "");
}
