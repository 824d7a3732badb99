import { describe, expect, it } from "vitest";
import { codeBlock, reply, safeJson, toReply } from "./reply.js";

describe("toReply", () => {
  it("turns a string into text", () => {
    expect(toReply("Meow!")).toEqual({ text: "Meow!" });
  });

  it("keeps a reply object as it is", () => {
    const value = reply({ text: "done", visibility: "ephemeral", buttons: [{ text: "Undo" }] });
    expect(toReply(value)).toBe(value);
    const attachments = { attachments: [{ title: "UP", level: "success" as const }] };
    expect(toReply(attachments)).toBe(attachments);
    const blocks = { blocks: [{ type: "divider" }] };
    expect(toReply(blocks)).toBe(blocks);
  });

  it("shows other objects and arrays as a JSON code block", () => {
    expect(toReply({ ok: true, count: 2 })).toEqual({
      text: codeBlock('{\n  "ok": true,\n  "count": 2\n}'),
    });
    expect(toReply([1, "two"])).toEqual({ text: '```\n[\n  1,\n  "two"\n]\n```' });
    // A reply key beside data keys is data.
    expect(toReply({ text: "x", extra: 1 })?.text).toMatch(/^```\n\{/);
    // Reply keys without text, blocks or attachments are data too.
    expect(toReply({ visibility: "ephemeral" })?.text).toContain('"visibility"');
    expect(toReply({})).toEqual({ text: "```\n{}\n```" });
  });

  it("answers nothing for undefined, null and the empty string", () => {
    expect(toReply(undefined)).toBeUndefined();
    expect(toReply(null)).toBeUndefined();
    expect(toReply("")).toBeUndefined();
  });

  it("prints numbers, booleans and bigints", () => {
    expect(toReply(0)).toEqual({ text: "0" });
    expect(toReply(42.5)).toEqual({ text: "42.5" });
    expect(toReply(false)).toEqual({ text: "false" });
    expect(toReply(2n ** 70n)).toEqual({ text: "1180591620717411303424" });
  });
});

describe("safeJson", () => {
  it("shows cycles instead of throwing", () => {
    const node: Record<string, unknown> = { name: "a" };
    node.self = node;
    expect(JSON.parse(safeJson(node))).toEqual({ name: "a", self: "[circular]" });
  });

  it("shows an object referenced twice (not a cycle) both times", () => {
    const region = { id: "eu-west-1" };
    expect(JSON.parse(safeJson({ primary: region, all: [region, region] }))).toEqual({
      primary: region,
      all: [region, region],
    });
  });

  it("shows bigints, functions and errors", () => {
    const value = { big: 10n, fn: function restart() {}, arrow: () => {}, err: new Error("boom") };
    expect(JSON.parse(safeJson(value))).toEqual({
      big: "10",
      fn: "[function restart]",
      arrow: "[function arrow]",
      err: { error: "boom" },
    });
  });

  it("survives a throwing toJSON", () => {
    const value = {
      toJSON() {
        throw new Error("no");
      },
    };
    expect(safeJson(value)).toBe("[object Object]");
  });

  it("truncates very large values", () => {
    const text = safeJson(Array.from({ length: 2000 }, (_, i) => i));
    expect(text.length).toBeLessThan(3600);
    expect(text).toMatch(/… \(truncated\)$/);
  });

  it("turns a reply with a big object into a bounded code block", () => {
    const text = toReply({ rows: "x".repeat(10_000) })?.text ?? "";
    expect(text.startsWith("```\n")).toBe(true);
    expect(text.endsWith("\n```")).toBe(true);
    expect(text.length).toBeLessThan(3600);
  });
});
