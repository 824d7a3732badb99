// Errors the project raises on purpose. Anything else reaching the user is a bug.

export class CatOpsError extends Error {
  override name = "CatOpsError";
}

/** The input could not be tokenized (an unclosed quote, a dangling escape). */
export class TokenizeError extends CatOpsError {
  override name = "TokenizeError";
}

/** The arguments do not fit the command's definition; the message says what is wrong. */
export class UsageError extends CatOpsError {
  override name = "UsageError";
}

/** A required argument or flag was not given: a form can ask for it. */
export class MissingArgumentError extends UsageError {
  override name = "MissingArgumentError";
}

/** Plugins that break the loading rules: duplicate names, bad definitions. */
export class PluginError extends CatOpsError {
  override name = "PluginError";
}

/**
 * An HTTP-facing error with a status; the message is safe to show. Connectors and handlers
 * throw it; the core's fetch handler alone turns it into a response (with `headers`, such as
 * Slack's `x-slack-no-retry`).
 */
export class HttpError extends CatOpsError {
  override name = "HttpError";
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
