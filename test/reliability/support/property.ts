// Runs a fast-check property a bounded number of times and fails with fast-check's report
// (seed and shrunk counterexample included), so a failure can be replayed.
import fc from "fast-check";
import { expect } from "vitest";

export async function holds<T>(
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  numRuns: number,
): Promise<number> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, { numRuns });
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? "property failed");
  expect(details.numRuns).toBe(numRuns);
  return details.numRuns;
}

/** Any UTF-16 code unit, lone surrogates included: what a JavaScript string can hold. */
export const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** The characters that matter to a shell-like tokenizer, plus a few ordinary ones. */
export const shellChar = fc.constantFrom(
  '"',
  "'",
  "\\",
  " ",
  "\t",
  "\n",
  "\u00a0",
  "\u2028",
  "\u3000",
  "“",
  "”",
  "‘",
  "’",
  "a",
  "b",
  "-",
  "=",
  "\u0000",
  "😺",
);

/** Strings mixing all of the above. */
export const nastyString = (maxLength = 60) =>
  fc.oneof(
    fc.string({ unit: shellChar, maxLength }),
    fc.string({ unit: codeUnit, maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
  );
