import { afterEach, describe, expect, it, vi } from "vitest";
import { vendorJson, vendorText } from "../../../test/fixtures/vendor.mjs";
import { discordSignature, PUBLIC_KEY } from "../test/fixtures.ts";
import {
  assertDiscordSignature,
  DiscordSignatureError,
  discordSignatureFailure,
  ed25519Verify,
  hexToBytes,
  verifyDiscordSignature,
  webCryptoEd25519Algorithm,
} from "./verify.ts";

const signed = vendorJson("chat/discord-ping-signed.DERIVED.json");
const PING = vendorText(`chat/${signed.body_file}`);
const TIMESTAMP: string = signed.headers["X-Signature-Timestamp"];
const SIGNATURE: string = signed.headers["X-Signature-Ed25519"];
/** The derived vector's own time, 30 s later: inside the five-minute window. */
const NOW = Number(TIMESTAMP) * 1000 + 30_000;
const { vectors } = vendorJson("crypto/ed25519-rfc8032-section7.1-vectors.json");

const input = (patch: Partial<Parameters<typeof verifyDiscordSignature>[0]> = {}) => ({
  publicKey: PUBLIC_KEY,
  timestamp: TIMESTAMP,
  signature: SIGNATURE,
  body: PING,
  now: NOW,
  ...patch,
});

describe("verifyDiscordSignature", () => {
  it("is given the signed PING the fixture describes", () => {
    expect(PING.length).toBe(96);
    expect(signed.public_key_hex).toBe(vectors[0].public_key);
    expect(signed.expected_valid).toBe(true);
  });

  for (const implementation of ["webcrypto", "fallback", "auto"] as const) {
    it(`accepts the signed PING and refuses its negative case (${implementation})`, async () => {
      expect(await verifyDiscordSignature(input({ implementation }))).toBe(true);
      const negative = signed.negative_case["X-Signature-Timestamp"];
      expect(signed.negative_case.expected_valid).toBe(false);
      expect(await discordSignatureFailure(input({ implementation, timestamp: negative }))).toBe(
        "signature mismatch",
      );
    });
  }

  it("reproduces the fixture's signature with the RFC 8032 TEST 1 private key", () => {
    expect(discordSignature(TIMESTAMP, PING)).toBe(SIGNATURE);
  });

  it("names the check that failed, in order", async () => {
    const cases: [Partial<ReturnType<typeof input>>, string][] = [
      [{ publicKey: "" }, "missing public key"],
      [{ publicKey: "xyz" }, "malformed public key"],
      [{ timestamp: null }, "missing timestamp"],
      [{ timestamp: "16e9" }, "malformed timestamp"],
      [{ now: NOW + 10 * 60_000 }, "stale timestamp"],
      [{ now: NOW - 10 * 60_000 }, "stale timestamp"],
      [{ signature: undefined }, "missing signature"],
      [{ signature: SIGNATURE.slice(2) }, "malformed signature"],
      [{ signature: `${SIGNATURE.slice(0, -1)}z` }, "malformed signature"],
      [{ body: `${PING} ` }, "signature mismatch"],
      [{ publicKey: vectors[1].public_key }, "signature mismatch"],
    ];
    for (const [patch, reason] of cases)
      expect(await discordSignatureFailure(input(patch)), reason).toBe(reason);
  });

  it("accepts an upper-case key (configuration), refuses an upper-case signature", async () => {
    expect(await verifyDiscordSignature(input({ publicKey: PUBLIC_KEY.toUpperCase() }))).toBe(true);
    expect(await discordSignatureFailure(input({ signature: SIGNATURE.toUpperCase() }))).toBe(
      "malformed signature",
    );
  });

  it("throws a DiscordSignatureError with the reason from the asserting form", async () => {
    await expect(assertDiscordSignature(input())).resolves.toBeUndefined();
    const error = await assertDiscordSignature(input({ now: 0 })).catch((e) => e);
    expect(error).toBeInstanceOf(DiscordSignatureError);
    expect(error.reason).toBe("stale timestamp");
  });
});

describe("ed25519Verify", () => {
  it("uses Node's Web Crypto Ed25519 here", async () => {
    expect(await webCryptoEd25519Algorithm()).toEqual({ name: "Ed25519" });
  });

  for (const implementation of ["webcrypto", "fallback"] as const) {
    it(`verifies the RFC 8032 vectors (${implementation})`, async () => {
      for (const vector of vectors) {
        const key = hexToBytes(vector.public_key);
        const message = hexToBytes(vector.message_hex);
        const signature = hexToBytes(vector.signature);
        expect(await ed25519Verify(key, message, signature, implementation)).toBe(true);
        signature[10]! ^= 4;
        expect(await ed25519Verify(key, message, signature, implementation)).toBe(false);
      }
    });
  }

  it("refuses a key Web Crypto will not import instead of throwing", async () => {
    const notAPoint = new Uint8Array(32);
    notAPoint[0] = 2;
    const signature = hexToBytes(vectors[0].signature);
    expect(await ed25519Verify(notAPoint, new Uint8Array(), signature, "webcrypto")).toBe(false);
  });
});

describe("runtimes without the standard Ed25519 name", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  /** A fresh copy of the module, so its probe runs against the stubbed Web Crypto. */
  async function freshVerify(accepts: (name: string) => boolean) {
    vi.resetModules();
    const { subtle } = globalThis.crypto;
    const importKey = subtle.importKey.bind(subtle);
    const verify = subtle.verify.bind(subtle);
    const seen: string[] = [];
    const native = (algorithm: any) =>
      typeof algorithm === "object" && algorithm.name === "NODE-ED25519"
        ? { name: "Ed25519" }
        : algorithm;
    vi.spyOn(subtle, "importKey").mockImplementation((async (...args: any[]) => {
      const name = typeof args[2] === "string" ? args[2] : args[2].name;
      seen.push(name);
      if (!accepts(name))
        throw new DOMException("Unrecognized algorithm name", "NotSupportedError");
      return importKey(args[0], args[1], native(args[2]), args[3], args[4]);
    }) as typeof subtle.importKey);
    vi.spyOn(subtle, "verify").mockImplementation((async (algorithm: any, ...rest: any[]) =>
      verify(
        native(algorithm),
        ...(rest as [CryptoKey, BufferSource, BufferSource]),
      )) as typeof subtle.verify);
    return { module: await import("./verify.ts"), seen };
  }

  it("uses workerd's older NODE-ED25519 name when the standard one is missing", async () => {
    const { module, seen } = await freshVerify((name) => name === "NODE-ED25519");
    expect(await module.webCryptoEd25519Algorithm()).toEqual({
      name: "NODE-ED25519",
      namedCurve: "NODE-ED25519",
    });
    expect(await module.verifyDiscordSignature(input())).toBe(true);
    expect(await module.verifyDiscordSignature(input({ body: `${PING}x` }))).toBe(false);
    expect(seen).toContain("Ed25519");
  });

  it("falls back to the TypeScript Ed25519 when Web Crypto has none, with the same answers", async () => {
    const { module } = await freshVerify(() => false);
    expect(await module.webCryptoEd25519Algorithm()).toBeNull();
    expect(await module.verifyDiscordSignature(input())).toBe(true);
    expect(
      await module.discordSignatureFailure(input({ timestamp: String(Number(TIMESTAMP) + 1) })),
    ).toBe("signature mismatch");
    await expect(
      module.ed25519Verify(new Uint8Array(32), new Uint8Array(), new Uint8Array(64), "webcrypto"),
    ).rejects.toThrow("no Ed25519");
  });
});
