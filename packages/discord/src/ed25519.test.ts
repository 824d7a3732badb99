import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { vendorJson } from "../../../test/fixtures/vendor.mjs";
import { ed25519VerifyFallback } from "./ed25519.ts";
import { hexToBytes } from "./verify.ts";

const { vectors } = vendorJson<{
  vectors: { name: string; public_key: string; message_hex: string; signature: string }[];
}>("crypto/ed25519-rfc8032-section7.1-vectors.json");

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function flip(bytes: Uint8Array, index: number, bit = 1): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index]! ^= bit;
  return copy;
}

describe("ed25519VerifyFallback (RFC 8032 in TypeScript)", () => {
  it("has the RFC's three vectors to test against", () => {
    expect(vectors.map((v) => v.name)).toEqual(["TEST 1", "TEST 2", "TEST 3"]);
  });

  for (const vector of vectors) {
    const key = hexToBytes(vector.public_key);
    const message = hexToBytes(vector.message_hex);
    const signature = hexToBytes(vector.signature);

    it(`accepts RFC 8032 ${vector.name}`, async () => {
      expect(await ed25519VerifyFallback(key, message, signature)).toBe(true);
    });

    it(`refuses RFC 8032 ${vector.name} with one bit changed anywhere`, async () => {
      expect(await ed25519VerifyFallback(key, message, flip(signature, 0))).toBe(false);
      expect(await ed25519VerifyFallback(key, message, flip(signature, 40))).toBe(false);
      expect(await ed25519VerifyFallback(key, Uint8Array.of(...message, 0), signature)).toBe(false);
      expect(await ed25519VerifyFallback(flip(key, 5), message, signature)).toBe(false);
    });
  }

  it("refuses another vector's signature", async () => {
    const [one, two] = vectors;
    expect(
      await ed25519VerifyFallback(
        hexToBytes(one!.public_key),
        hexToBytes(one!.message_hex),
        hexToBytes(two!.signature),
      ),
    ).toBe(false);
  });

  it("refuses S ≥ L (a malleable signature) even when S - L would verify", async () => {
    const vector = vectors[0]!;
    const signature = hexToBytes(vector.signature);
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
    let malleable = s + L;
    const bytes = Uint8Array.from(signature);
    for (let i = 32; i < 64; i++) {
      bytes[i] = Number(malleable & 0xffn);
      malleable >>= 8n;
    }
    expect(
      await ed25519VerifyFallback(hexToBytes(vector.public_key), new Uint8Array(), bytes),
    ).toBe(false);
  });

  it("refuses keys that are not points on the curve, and wrong lengths", async () => {
    const vector = vectors[0]!;
    const signature = hexToBytes(vector.signature);
    // y = 2 has no x on edwards25519.
    const notAPoint = new Uint8Array(32);
    notAPoint[0] = 2;
    expect(await ed25519VerifyFallback(notAPoint, new Uint8Array(), signature)).toBe(false);
    // y ≥ p is not a canonical encoding.
    expect(
      await ed25519VerifyFallback(new Uint8Array(32).fill(0xff), new Uint8Array(), signature),
    ).toBe(false);
    expect(
      await ed25519VerifyFallback(
        hexToBytes(vector.public_key).subarray(1),
        new Uint8Array(),
        signature,
      ),
    ).toBe(false);
    expect(
      await ed25519VerifyFallback(
        hexToBytes(vector.public_key),
        new Uint8Array(),
        signature.subarray(1),
      ),
    ).toBe(false);
  });

  it("agrees with Node's OpenSSL on fresh keys and messages of every length", async () => {
    for (let round = 0; round < 12; round++) {
      const { publicKey, privateKey } = generateKeyPairSync("ed25519");
      const raw = new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(12));
      const message = crypto.getRandomValues(new Uint8Array(round * 37));
      const signature = new Uint8Array(sign(null, message, privateKey));
      expect(await ed25519VerifyFallback(raw, message, signature)).toBe(true);
      expect(await ed25519VerifyFallback(raw, message, flip(signature, round % 64, 0x80))).toBe(
        false,
      );
    }
  });
});
