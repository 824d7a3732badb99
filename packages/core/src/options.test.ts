import { describe, expect, it } from "vitest";
import { checkOptions } from "./options.js";

describe("checkOptions", () => {
  it("accepts known options and none at all", () => {
    expect(() =>
      checkOptions({ package: "@catops/x", fn: "f" }, { a: 1 }, ["a", "b"]),
    ).not.toThrow();
    expect(() => checkOptions({ package: "@catops/x", fn: "f" }, undefined, ["a"])).not.toThrow();
  });

  it("names the package, the function, the misspelt option and the known ones", () => {
    let thrown: unknown;
    try {
      checkOptions({ package: "@catops/x", fn: "serveIt" }, { bsaePath: "/" }, ["basePath", "env"]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toBe(
      '@catops/x serveIt: unknown option "bsaePath" (known: basePath, env)',
    );
    expect((thrown as Error).cause).toEqual({ package: "@catops/x" });
  });
});
