// Properties of the tokenizer: it throws nothing but TokenizeError, always returns quickly,
// and quoteTokens is its inverse: tokenize(quoteTokens(tokens)) gives the tokens back.
import { MAX_COMMAND_LENGTH, quoteTokens, TokenizeError, tokenize } from "@catops/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holds, nastyString, shellChar } from "../support/property.ts";

const tokenizeOrError = (line: string): string[] | TokenizeError => {
  try {
    return tokenize(line);
  } catch (error) {
    if (error instanceof TokenizeError) return error;
    throw error;
  }
};

describe("tokenize (property)", () => {
  it("throws only TokenizeError, for any string (3,000 cases)", async () => {
    await holds(
      fc.property(nastyString(200), (line) => {
        const result = tokenizeOrError(line);
        if (Array.isArray(result)) for (const token of result) expect(typeof token).toBe("string");
      }),
      3000,
    );
  });

  it("round-trips: tokenize(quoteTokens(tokens)) equals tokens (3,000 cases)", async () => {
    await holds(
      fc.property(fc.array(nastyString(40), { maxLength: 12 }), (tokens) => {
        const line = quoteTokens(tokens);
        if (line.length > MAX_COMMAND_LENGTH) {
          expect(tokenizeOrError(line)).toBeInstanceOf(TokenizeError);
          return;
        }
        expect(tokenize(line)).toEqual(tokens);
      }),
      3000,
    );
  });

  it("is stable: re-quoting what it read reads the same (2,000 cases)", async () => {
    await holds(
      fc.property(nastyString(120), (line) => {
        const first = tokenizeOrError(line);
        if (!Array.isArray(first)) return;
        expect(tokenize(quoteTokens(first))).toEqual(first);
      }),
      2000,
    );
  });

  it("reads a line of the longest length in linear time (200 cases)", async () => {
    const longest = fc.string({
      unit: shellChar,
      minLength: MAX_COMMAND_LENGTH,
      maxLength: MAX_COMMAND_LENGTH,
    });
    const started = performance.now();
    await holds(
      fc.property(longest, (line) => {
        const before = performance.now();
        tokenizeOrError(line);
        // A few microseconds per character at most; a backtracking or quadratic reader is far slower.
        expect(performance.now() - before).toBeLessThan(100);
      }),
      200,
    );
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("refuses one character over the limit instead of truncating", () => {
    expect(() => tokenize("a".repeat(MAX_COMMAND_LENGTH + 1))).toThrow(TokenizeError);
    expect(tokenize("a".repeat(MAX_COMMAND_LENGTH))).toEqual(["a".repeat(MAX_COMMAND_LENGTH)]);
  });
});
