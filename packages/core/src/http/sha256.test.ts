import { describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../../../../test/fixtures/vendor.mjs";
import { webCryptoHmacSha256 } from "./crypto.js";
import { jsHmacSha256 } from "./sha256.js";

const { vectors } = vendorJson<{
  vectors: {
    name: string;
    key: string;
    data: string;
    hmac_sha256: string;
    truncated_to_bits?: number;
  }[];
}>("crypto/hmac-sha256-rfc4231-vectors.json");

const bytes = (hex: string) =>
  Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const randomBytes = (length: number) => crypto.getRandomValues(new Uint8Array(length));
const base64 = (data: Uint8Array) => btoa(String.fromCharCode(...data));
/** The reference: Web Crypto's HMAC, which takes text as UTF-8 too. */
const webHmac = webCryptoHmacSha256;

describe("jsHmacSha256 (FIPS 180-4 and RFC 2104 in TypeScript)", () => {
  it("has the RFC's seven test cases to test against", () => {
    expect(vectors.map((v) => v.name)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `Test Case ${n}`));
  });

  for (const vector of vectors) {
    it(`gives RFC 4231 ${vector.name}'s HMAC-SHA-256`, () => {
      const digest = jsHmacSha256(bytes(vector.key), bytes(vector.data));
      const shown = vector.truncated_to_bits
        ? digest.slice(0, vector.truncated_to_bits / 4)
        : digest;
      expect(shown).toBe(vector.hmac_sha256);
    });
  }

  it("signs Slack's documented request as Slack does", () => {
    const [example] = vendorJson<{
      vectors: { signing_secret: string; basestring_prefix: string; expected_signature: string }[];
    }>("slack/signing-docs-example.json").vectors;
    const body = vendorText("slack/signing-docs-example.body.txt");
    expect(`v0=${jsHmacSha256(example!.signing_secret, example!.basestring_prefix + body)}`).toBe(
      example!.expected_signature,
    );
  });

  it("agrees with Web Crypto at every length around the block and padding edges", async () => {
    // 55 and 56 bytes decide whether the length fits the last block; 64 fills one exactly.
    for (let length = 0; length <= 200; length++) {
      const message = "m".repeat(length);
      expect(jsHmacSha256("secret", message), `${length} bytes`).toBe(
        await webHmac("secret", message),
      );
    }
    for (const keyLength of [1, 63, 64, 65, 130]) {
      const key = "k".repeat(keyLength);
      expect(jsHmacSha256(key, "body"), `key of ${keyLength} bytes`).toBe(
        await webHmac(key, "body"),
      );
    }
  });

  it("agrees with Web Crypto on random keys and messages, text as UTF-8", async () => {
    for (let round = 0; round < 300; round++) {
      const key = base64(randomBytes(round % 90)) + (round % 5 === 0 ? "ключ" : "k");
      const message = base64(randomBytes(round * 3)) + (round % 7 === 0 ? " ✓ üñï" : "");
      expect(jsHmacSha256(key, message)).toBe(await webHmac(key, message));
    }
  });

  it("signs with the key it is given when the key changes between calls", async () => {
    for (const key of ["first", "second", "first"])
      expect(jsHmacSha256(key, "same message")).toBe(await webHmac(key, "same message"));
  });
});
