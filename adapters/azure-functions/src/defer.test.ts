import type { JobEnvelope } from "@catops/core";
import { describe, expect, it } from "vitest";
import { decodeJobMessage, encodeJobMessage, MAX_MESSAGE_BYTES } from "./defer.js";

const envelope: JobEnvelope = {
  kind: "catops.job",
  id: "job1",
  connector: "slack",
  event: { command: ["deploy", "api"], text: "deploy api ☃", raw: { big: "" } },
  enqueuedAt: 1,
};

describe("job messages", () => {
  it("are base64 JSON, as the queue trigger expects by default", () => {
    const message = encodeJobMessage(envelope);
    expect(message).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(Buffer.from(message, "base64").toString("utf8"))).toEqual(envelope);
  });

  it("decode from the shapes the worker hands over: object, string, bytes", () => {
    const text = JSON.stringify(envelope);
    expect(decodeJobMessage(envelope)).toEqual(envelope);
    expect(decodeJobMessage(text)).toEqual(envelope);
    expect(decodeJobMessage(Buffer.from(text))).toEqual(envelope);
    expect(decodeJobMessage("not json")).toBeUndefined();
    expect(decodeJobMessage({ kind: "other" })).toBeUndefined();
  });

  it("drop the raw platform payload when it would not fit, and refuse what still does not", () => {
    const large = { ...envelope, event: { ...envelope.event, raw: { big: "x".repeat(60_000) } } };
    const decoded = decodeJobMessage(Buffer.from(encodeJobMessage(large), "base64"));
    expect(decoded?.event.raw).toBeUndefined();
    expect(decoded?.event.text).toBe("deploy api ☃");
    const huge = { ...envelope, event: { ...envelope.event, text: "y".repeat(MAX_MESSAGE_BYTES) } };
    expect(() => encodeJobMessage(huge)).toThrow(/too large for a queue message/);
  });
});
