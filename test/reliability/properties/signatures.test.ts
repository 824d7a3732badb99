// Properties of the Slack request signature: a request signed with the secret verifies; any
// single-bit change to the body, the timestamp, the signature or the secret makes it fail; and
// no header value, however odd, makes the verifier throw. Web Crypto, node:crypto and the
// JavaScript HMAC that signs a Node cold start's first requests agree.
// Bodies in the bit-flip property are well-formed text, as readBody delivers them: two lone
// surrogates encode to the same UTF-8 replacement bytes, which says nothing about the verifier.
import { createHmac } from "node:crypto";
import { jsHmacSha256 } from "@catops/core/node-hmac";
import { slackSignatureFailure, verifySlackSignature } from "@catops/slack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeUnit, holds, nastyString } from "../support/property.ts";
import { sign } from "../support/slack.ts";

const NOW_MS = 1_760_000_000_000;
const NOW_S = NOW_MS / 1000;
const nodeHmac = (key: string, message: string) =>
  createHmac("sha256", key).update(message).digest("hex");
/** The verifier's HMAC: Web Crypto (its default), node:crypto, or the JavaScript one. */
const HMACS = { "web crypto": undefined, "node:crypto": nodeHmac, javascript: jsHmacSha256 };
const hmacName = fc.constantFrom(...(Object.keys(HMACS) as (keyof typeof HMACS)[]));

const secret = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const body = fc.oneof(nastyString(300), fc.string({ unit: codeUnit, maxLength: 50 }));
/** Text as readBody returns it: well-formed (a lone surrogate cannot come out of UTF-8). */
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
const skew = fc.integer({ min: -300, max: 300 });

/** Flips one bit of one UTF-16 unit of `text`. */
function flipBit(text: string, index: number, bit: number): string {
  const at = index % text.length;
  const flipped = String.fromCharCode(text.charCodeAt(at) ^ (1 << bit));
  return text.slice(0, at) + flipped + text.slice(at + 1);
}

describe("Slack signature (property)", () => {
  it("sign, then verify: true within the five-minute window (500 cases)", async () => {
    await holds(
      fc.asyncProperty(secret, body, skew, hmacName, async (key, text, offset, hmac) => {
        const timestamp = String(NOW_S + offset);
        const input = {
          signingSecret: key,
          timestamp,
          signature: sign(key, timestamp, text),
          body: text,
          now: NOW_MS,
          ...(HMACS[hmac] ? { hmacSha256: HMACS[hmac] } : {}),
        };
        expect(await slackSignatureFailure(input)).toBeUndefined();
      }),
      500,
    );
  });

  it("any single-bit change to body, timestamp, signature or secret: false (2,000 cases)", async () => {
    const part = fc.constantFrom("body", "timestamp", "signature", "secret");
    await holds(
      fc.asyncProperty(
        secret,
        body.filter((text) => text.length > 0 && wellFormed(text)),
        skew,
        part,
        fc.nat(),
        fc.integer({ min: 0, max: 15 }),
        async (key, text, offset, which, index, bit) => {
          const timestamp = String(NOW_S + offset);
          const input = {
            signingSecret: key,
            timestamp,
            signature: sign(key, timestamp, text),
            body: text,
            now: NOW_MS,
          };
          if (which === "body") input.body = flipBit(text, index, bit);
          if (which === "timestamp") input.timestamp = flipBit(timestamp, index, bit);
          if (which === "secret") input.signingSecret = flipBit(key, index, bit);
          // A flip can make a lone surrogate, which UTF-8 encodes as U+FFFD's bytes: from
          // "\uFFFD" that is the same text. Bodies and settings are well-formed text (readBody
          // decodes bytes; the environment holds strings), so such a flip is no case.
          fc.pre(wellFormed(input.body) && wellFormed(input.signingSecret));
          if (which === "signature")
            input.signature = flipBit(input.signature, 3 + (index % 64), bit);
          expect(await verifySlackSignature(input)).toBe(false);
        },
      ),
      2000,
    );
  });

  it("never throws, whatever the headers hold (2,000 cases)", async () => {
    const header = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      nastyString(80),
      fc.stringMatching(/^v[0-9]=[0-9a-fA-F]{0,70}$/),
      fc.integer().map(String),
      fc.constantFrom(
        "",
        " ",
        "1e10",
        "-1",
        "0x10",
        `${NOW_S}.5`,
        ` ${NOW_S}`,
        `${NOW_S}, ${NOW_S}`,
      ),
    );
    await holds(
      fc.asyncProperty(secret, body, header, header, async (key, text, timestamp, signature) => {
        const result = await verifySlackSignature({
          signingSecret: key,
          timestamp,
          signature,
          body: text,
          now: NOW_MS,
        });
        expect(typeof result).toBe("boolean");
      }),
      2000,
    );
  });
});
