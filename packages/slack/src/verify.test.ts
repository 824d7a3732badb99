import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { fixtureJson, fixtureText, slackSignature } from "../test/fixtures.ts";
import {
  assertSlackSignature,
  SlackSignatureError,
  signatureFailure,
  slackSignatureFailure,
  verifySlackSignature,
} from "./verify.ts";

interface Vector {
  id: string;
  signing_secret: string;
  headers: { "X-Slack-Request-Timestamp": string; "X-Slack-Signature": string };
  body_file: string;
  negative_cases?: { what: string; signing_secret: string; body_file: string }[];
}

const { vectors } = fixtureJson<{ vectors: Vector[] }>("signing-vectors.json");
const docs = vectors.find((v) => v.id === "slack-docs-verifying-requests-example")!;
const slackGo = vectors.find((v) => v.id === "slack-go-security-test")!;

/** The vector's request, checked at the vector's own clock plus `offsetSeconds`. */
function inputFor(vector: Vector, overrides: Record<string, unknown> = {}, offsetSeconds = 0) {
  const timestamp = vector.headers["X-Slack-Request-Timestamp"];
  return {
    signingSecret: vector.signing_secret,
    timestamp,
    signature: vector.headers["X-Slack-Signature"],
    body: fixtureText(vector.body_file),
    now: (Number(timestamp) + offsetSeconds) * 1000,
    ...overrides,
  };
}

describe("verifySlackSignature", () => {
  it("accepts Slack's documented example at its 2018 clock", async () => {
    expect(fixtureText(docs.body_file)).toHaveLength(362);
    expect(await verifySlackSignature(inputFor(docs))).toBe(true);
  });

  it("accepts the slack-go vector", async () => {
    expect(await verifySlackSignature(inputFor(slackGo))).toBe(true);
  });

  it.each(slackGo.negative_cases!.map((c) => [c.what, c] as const))(
    "rejects the slack-go negative case: %s",
    async (_what, negative) => {
      const input = inputFor(slackGo, {
        signingSecret: negative.signing_secret,
        body: fixtureText(negative.body_file),
      });
      expect(await verifySlackSignature(input)).toBe(false);
      expect(await slackSignatureFailure(input)).toBe("signature mismatch");
    },
  );

  it("rejects a body with one byte added", async () => {
    const input = inputFor(docs, { body: `${fixtureText(docs.body_file)}\n` });
    expect(await verifySlackSignature(input)).toBe(false);
  });

  it("rejects the right signature under another timestamp", async () => {
    const input = inputFor(docs, { timestamp: "1531420619" });
    expect(await slackSignatureFailure(input)).toBe("signature mismatch");
  });

  it("keeps a five-minute window either side of the clock", async () => {
    expect(await verifySlackSignature(inputFor(docs, {}, 300))).toBe(true);
    expect(await verifySlackSignature(inputFor(docs, {}, -300))).toBe(true);
    expect(await slackSignatureFailure(inputFor(docs, {}, 301))).toBe("stale timestamp");
    // A timestamp from the future is as suspicious as an old one.
    expect(await slackSignatureFailure(inputFor(docs, {}, -301))).toBe("stale timestamp");
  });

  it("uses the current time when no clock is given", async () => {
    const { now: _fixed, ...input } = inputFor(docs);
    expect(await slackSignatureFailure(input)).toBe("stale timestamp");
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = "token=x&command=%2Fcatops&text=hi";
    const fresh = {
      signingSecret: "s3cret-value",
      timestamp,
      signature: slackSignature("s3cret-value", timestamp, body),
      body,
    };
    expect(await verifySlackSignature(fresh)).toBe(true);
  });

  it.each([
    ["a missing timestamp", { timestamp: null }, "missing timestamp"],
    ["an empty timestamp", { timestamp: "" }, "missing timestamp"],
    ["a non-numeric timestamp", { timestamp: "yesterday" }, "malformed timestamp"],
    ["a fractional timestamp", { timestamp: "1531420618.5" }, "malformed timestamp"],
    ["a negative timestamp", { timestamp: "-1531420618" }, "malformed timestamp"],
    ["a missing signature", { signature: undefined }, "missing signature"],
    ["an empty signature", { signature: "" }, "missing signature"],
    [
      "a v1= signature",
      { signature: docs.headers["X-Slack-Signature"].replace("v0=", "v1=") },
      "malformed signature",
    ],
    [
      "a bare hex signature",
      { signature: docs.headers["X-Slack-Signature"].slice(3) },
      "malformed signature",
    ],
    [
      "a short signature",
      { signature: docs.headers["X-Slack-Signature"].slice(0, -2) },
      "malformed signature",
    ],
    ["a non-hex signature", { signature: `v0=${"z".repeat(64)}` }, "malformed signature"],
    ["an empty signing secret", { signingSecret: "" }, "missing signing secret"],
  ] as const)("rejects %s", async (_what, overrides, reason) => {
    const input = inputFor(docs, overrides as Record<string, unknown>);
    expect(await verifySlackSignature(input)).toBe(false);
    expect(await slackSignatureFailure(input)).toBe(reason);
  });

  it("refuses an upper-case hex signature: Slack sends lower case, so one body has one signature", async () => {
    const signature = `v0=${docs.headers["X-Slack-Signature"].slice(3).toUpperCase()}`;
    expect(await slackSignatureFailure(inputFor(docs, { signature }))).toBe("malformed signature");
  });

  it("uses an injected HMAC, as Node adapters do with node:crypto", async () => {
    const hmacSha256 = vi.fn((key: string, message: string) =>
      createHmac("sha256", key).update(message).digest("hex"),
    );
    expect(await verifySlackSignature(inputFor(slackGo, { hmacSha256 }))).toBe(true);
    expect(hmacSha256).toHaveBeenCalledWith(
      slackGo.signing_secret,
      `v0:1531431954:${fixtureText(slackGo.body_file)}`,
    );
  });

  it("does not compute an HMAC for a request it can refuse on its headers", async () => {
    const hmacSha256 = vi.fn(() => "00");
    await verifySlackSignature(inputFor(docs, { hmacSha256 }, 3600));
    await verifySlackSignature(inputFor(docs, { hmacSha256, signature: "v0=abc" }));
    expect(hmacSha256).not.toHaveBeenCalled();
  });
});

describe("signatureFailure", () => {
  const nodeHmac = (key: string, message: string) =>
    createHmac("sha256", key).update(message).digest("hex");

  it("answers in the same turn with a synchronous HMAC, as slackSignatureFailure does", async () => {
    const good = { ...inputFor(docs), hmacSha256: nodeHmac };
    expect(signatureFailure(good)).toBeUndefined();
    const forged = { ...good, body: `${good.body}&admin=1` };
    expect(signatureFailure(forged)).toBe("signature mismatch");
    expect(await slackSignatureFailure(forged)).toBe("signature mismatch");
    expect(signatureFailure(inputFor(docs, { hmacSha256: nodeHmac }, 301))).toBe("stale timestamp");
  });

  it("gives a promise with Web Crypto's HMAC, and the same answers", async () => {
    const checked = signatureFailure(inputFor(docs));
    expect(checked).toBeInstanceOf(Promise);
    expect(await checked).toBeUndefined();
    const forged = inputFor(docs, { body: `${fixtureText(docs.body_file)}&admin=1` });
    expect(await signatureFailure(forged)).toBe("signature mismatch");
  });
});

describe("assertSlackSignature", () => {
  it("resolves for a genuine request", async () => {
    await expect(assertSlackSignature(inputFor(docs))).resolves.toBeUndefined();
  });

  it("throws a SlackSignatureError naming the failed check", async () => {
    const error = await assertSlackSignature(inputFor(docs, {}, 1000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackSignatureError);
    expect((error as SlackSignatureError).reason).toBe("stale timestamp");
    expect((error as Error).message).toBe("invalid Slack request signature: stale timestamp");
  });
});
