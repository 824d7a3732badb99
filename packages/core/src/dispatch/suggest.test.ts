import { describe, expect, it } from "vitest";
import { editDistance, suggest } from "./suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["help", "help", 0],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
    ["hepl", "help", 1], // one transposition, not two substitutions
    ["deplyo", "deploy", 1],
    ["ab", "ba", 1],
    ["abc", "ca", 3],
  ])("%s → %s is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it("stops early past the limit, returning limit + 1", () => {
    expect(editDistance("restart", "status", 1)).toBe(2);
    expect(editDistance("a", "abcdefgh", 2)).toBe(3);
  });
});

describe("suggest", () => {
  const names = ["help", "deploy", "rollback", "restart", "status", "hi"];

  it("finds a transposed command", () => {
    expect(suggest("hepl", names)).toEqual(["help"]);
    expect(suggest("deplyo", names)).toEqual(["deploy"]);
  });

  it("ignores case", () => {
    expect(suggest("DEPLOY", ["deploy"])).toEqual(["deploy"]);
  });

  it("ranks a prefix of three or more letters first", () => {
    expect(suggest("roll", names)[0]).toBe("rollback");
    expect(suggest("res", ["restart", "rest"])).toEqual(["rest", "restart"]);
  });

  it("suggests nothing for something unrelated", () => {
    expect(suggest("xyzzy", names)).toEqual([]);
  });

  it("allows fewer edits for short input", () => {
    expect(suggest("ho", names)).toEqual(["hi"]);
    expect(suggest("hx", ["status"])).toEqual([]);
  });

  it("returns at most `max` names, closest first, ties by name", () => {
    expect(suggest("stat", ["stat1", "stat2", "stat3", "stat4"], 2)).toEqual(["stat1", "stat2"]);
    expect(suggest("cat", ["bat", "cap", "car", "cat"], 3)).toEqual(["cat", "bat", "cap"]);
  });
});
