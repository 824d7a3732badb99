// Properties of the argument parser: for any command definition and any tokens it throws only
// UsageError, returns only the names the definition declares, with the declared types and
// choices, and never lets a token reach Object.prototype.
import { type Command, type FlagSpec, parseArgs, UsageError } from "@catops/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prototypePollution } from "../support/pollution.ts";
import { holds, nastyString } from "../support/property.ts";

const NAMES = ["env", "count", "force", "service", "target", "e", "x", "dry-run", "no-cache"];
const HOSTILE = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

const choices = fc.option(
  fc.uniqueArray(fc.constantFrom("staging", "prod", "1", "2"), { minLength: 1 }),
  {
    nil: undefined,
  },
);

const flagSpec: fc.Arbitrary<FlagSpec> = fc.record(
  {
    type: fc.constantFrom("string", "number", "boolean"),
    choices,
    required: fc.boolean(),
    short: fc.constantFrom("e", "f", "c", "x"),
    secret: fc.boolean(),
  },
  { requiredKeys: ["type"] },
);

const command: fc.Arbitrary<Command> = fc
  .record(
    {
      flags: fc.dictionary(fc.constantFrom(...NAMES), flagSpec, { maxKeys: 4 }),
      args: fc.dictionary(
        fc.constantFrom(...NAMES),
        fc.record(
          {
            type: fc.constantFrom("string", "number"),
            required: fc.boolean(),
            rest: fc.boolean(),
            choices,
          },
          { requiredKeys: [] },
        ),
        { maxKeys: 3 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((definition) => ({ name: "cmd", run: () => undefined, ...definition }));

/** Tokens as a user could type them: flags (hostile names included), values, anything. */
const token = fc.oneof(
  fc
    .constantFrom(...NAMES, ...HOSTILE)
    .chain((name) =>
      fc.constantFrom(`--${name}`, `-${name}`, `--no-${name}`, `--${name}=x`, `--${name}=`),
    ),
  fc.constantFrom(
    "--",
    "-",
    "-e",
    "-f",
    "true",
    "false",
    "1",
    "NaN",
    "1e400",
    "-0",
    "staging",
    "prod",
  ),
  nastyString(12),
);

describe("parseArgs (property)", () => {
  it("throws only UsageError and returns only declared, well-typed values (5,000 cases)", async () => {
    await holds(
      fc.property(command, fc.array(token, { maxLength: 10 }), (cmd, argv) => {
        let parsed: ReturnType<typeof parseArgs>;
        try {
          parsed = parseArgs(cmd, argv);
        } catch (error) {
          if (error instanceof UsageError) return;
          throw error;
        }
        const flagSpecs = cmd.flags ?? {};
        for (const [name, value] of Object.entries(parsed.flags)) {
          expect(Object.hasOwn(flagSpecs, name), `flag ${name}`).toBe(true);
          const spec = flagSpecs[name]!;
          if (spec.type === "boolean") expect(typeof value).toBe("boolean");
          if (spec.type === "number" && value !== spec.default)
            expect(Number.isFinite(value)).toBe(true);
          if (
            spec.choices &&
            value !== spec.default &&
            spec.type !== "number" &&
            spec.type !== "boolean"
          )
            expect(spec.choices).toContain(value);
          // A number's choices are compared as numbers; the value is the number itself.
          if (spec.choices && value !== spec.default && spec.type === "number")
            expect(spec.choices.map(Number)).toContain(value);
        }
        for (const name of Object.keys(parsed.args))
          expect(Object.hasOwn(cmd.args ?? {}, name), `arg ${name}`).toBe(true);
        for (const [name, spec] of Object.entries(cmd.args ?? {}))
          if (spec.type === "number" && name in parsed.args)
            expect(Number.isFinite(parsed.args[name])).toBe(true);
        expect(Object.getPrototypeOf(parsed.flags)).toBe(Object.prototype);
        expect(Object.getPrototypeOf(parsed.args)).toBe(Object.prototype);
      }),
      5000,
    );
    expect(prototypePollution()).toEqual([]);
  });

  it("refuses every hostile flag name, declared or not (1,000 cases)", async () => {
    await holds(
      fc.property(
        command.filter((cmd) => cmd.flags !== undefined || cmd.args !== undefined),
        fc.constantFrom(...HOSTILE),
        fc.constantFrom("--", "-", "--no-"),
        (cmd, name, dashes) => {
          expect(() => parseArgs(cmd, [`${dashes}${name}`, "x"])).toThrow(UsageError);
        },
      ),
      1000,
    );
    expect(prototypePollution()).toEqual([]);
  });
});
