import { describe, expect, it } from "vitest";
import { entityKeys, escapeKey, prefixEnd, prefixRange, unescapeKey } from "./keys.js";

/** What Table Storage refuses in PartitionKey and RowKey. */
const forbidden = (key: string) =>
  [...key].some(
    (c) =>
      "/\\#?".includes(c) ||
      c.charCodeAt(0) < 0x20 ||
      (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f),
  );

describe("table keys", () => {
  const keys = ["job:abc", "a/b\\c#d?e", "100%", "tab\there\n", "☃:x", "%2F", ""];

  it("escape the characters Table Storage forbids and round-trip", () => {
    for (const key of keys) {
      expect(forbidden(escapeKey(key))).toBe(false);
      expect(unescapeKey(escapeKey(key))).toBe(key);
    }
    expect(forbidden("a/b")).toBe(true);
    expect(escapeKey("a/b")).toBe("a%2Fb");
  });

  it("keep prefixes: an escaped prefix starts every escaped key that starts with it", () => {
    for (const key of keys)
      for (let i = 0; i <= key.length; i++)
        expect(escapeKey(key).startsWith(escapeKey(key.slice(0, i)))).toBe(true);
  });

  it("partition by the first ':' segment", () => {
    expect(entityKeys("job:abc:1")).toEqual({ partitionKey: "job", rowKey: "job:abc:1" });
    expect(entityKeys("plain/key")).toEqual({ partitionKey: "plain%2Fkey", rowKey: "plain%2Fkey" });
    expect(() => entityKeys("k".repeat(513))).toThrow(/too long/);
  });

  it("turn a prefix into the smallest covering key range", () => {
    expect(prefixEnd("job:")).toBe("job;");
    expect(prefixEnd("a\uffff")).toBe("b");
    expect(prefixRange("")).toEqual({ kind: "all" });
    expect(prefixRange("jo")).toEqual({ kind: "partitions", from: "jo", to: "jp" });
    expect(prefixRange("job:a/")).toEqual({
      kind: "rows",
      partitionKey: "job",
      from: "job:a%2F",
      to: "job:a%2G",
    });
  });
});
