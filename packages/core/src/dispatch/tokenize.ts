import { TokenizeError } from "../errors.js";

/** The longest command line accepted, in characters; longer input is refused, not truncated. */
export const MAX_COMMAND_LENGTH = 4000;

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’" };

/**
 * Splits a command line into tokens the way a shell user expects: whitespace separates,
 * single and double quotes (and the curly quotes chat clients substitute) group, a backslash
 * escapes the next character outside single quotes. Nothing is ever evaluated.
 */
export function tokenize(input: string): string[] {
  if (input.length > MAX_COMMAND_LENGTH) {
    throw new TokenizeError(
      `command line too long (${input.length} > ${MAX_COMMAND_LENGTH} characters)`,
    );
  }
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let closing: string | undefined;
  let literal = false;

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (closing !== undefined) {
      if (ch === closing) {
        closing = undefined;
      } else if (ch === "\\" && !literal && (input[i + 1] === closing || input[i + 1] === "\\")) {
        current += input[++i];
      } else {
        current += ch;
      }
      continue;
    }
    if (ch === "\\") {
      if (i + 1 >= input.length) throw new TokenizeError("the line ends with a lone backslash");
      current += input[++i];
      inToken = true;
    } else if (QUOTES[ch] !== undefined) {
      closing = QUOTES[ch];
      literal = ch === "'" || ch === "‘";
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (closing !== undefined) throw new TokenizeError(`unclosed quote ${closing}`);
  if (inToken) tokens.push(current);
  return tokens;
}

/**
 * A token that needs no quotes: no space, quote or backslash. The curly quotes are escaped, not
 * written: one character past ASCII in a bundle makes Node read the whole module as a two-byte
 * string, twice the memory a cold start allocates for its source.
 */
const BARE_TOKEN = /^[^\s"'\\\u201C\u201D\u2018\u2019]+$/;

/** Joins tokens back into a line that `tokenize` splits into the same tokens. */
export function quoteTokens(tokens: readonly string[]): string {
  return tokens
    .map((token) =>
      token !== "" && BARE_TOKEN.test(token) ? token : `"${token.replace(/["\\]/g, "\\$&")}"`,
    )
    .join(" ");
}
