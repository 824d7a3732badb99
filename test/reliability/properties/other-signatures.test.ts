// The same signature properties for the other connectors: Discord's Ed25519 request signature
// (Web Crypto and the TypeScript fallback) and the HMAC that Mattermost buttons carry. Sign, then
// verify: true; any single-bit change: false; odd header values: a boolean, never a throw.
import { generateKeyPairSync, sign as signWith } from "node:crypto";
import { verifyDiscordSignature } from "@catops/discord";
import { signActionContext, verifyActionContext } from "@catops/mattermost";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holds, nastyString } from "../support/property.ts";

const NOW_MS = 1_760_000_000_000;
const NOW_S = NOW_MS / 1000;
const wellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
const body = nastyString(200).filter(wellFormed);

function flipBit(text: string, index: number, bit: number): string {
  const at = index % text.length;
  return (
    text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << bit)) + text.slice(at + 1)
  );
}

const { publicKey, privateKey } = generateKeyPairSync("ed25519");
const publicKeyHex = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url").toString(
  "hex",
);
const discordSign = (timestamp: string, text: string) =>
  signWith(null, Buffer.from(timestamp + text), privateKey).toString("hex");

describe("Discord signature (property)", () => {
  for (const implementation of ["webcrypto", "fallback"] as const) {
    it(`sign, then verify: true (${implementation}, 200 cases)`, async () => {
      await holds(
        fc.asyncProperty(body, fc.integer({ min: -300, max: 300 }), async (text, offset) => {
          const timestamp = String(NOW_S + offset);
          const input = {
            publicKey: publicKeyHex,
            timestamp,
            signature: discordSign(timestamp, text),
            body: text,
            now: NOW_MS,
            implementation,
          };
          expect(await verifyDiscordSignature(input)).toBe(true);
        }),
        200,
      );
    });
  }

  it("any single-bit change to body, timestamp, signature or key: false (400 cases)", async () => {
    await holds(
      fc.asyncProperty(
        body.filter((text) => text.length > 0),
        fc.constantFrom("body", "timestamp", "signature", "publicKey"),
        fc.nat(),
        fc.integer({ min: 0, max: 15 }),
        async (text, which, index, bit) => {
          const timestamp = String(NOW_S);
          const input = {
            publicKey: publicKeyHex,
            timestamp,
            signature: discordSign(timestamp, text),
            body: text,
            now: NOW_MS,
          };
          if (which === "publicKey") {
            // The key is configuration, not part of the request: flip a bit of its bytes.
            const bytes = Buffer.from(publicKeyHex, "hex");
            bytes[index % bytes.length]! ^= 1 << (bit % 8);
            input.publicKey = bytes.toString("hex");
          } else {
            input[which] = flipBit(input[which], index, which === "body" ? bit : bit % 8);
          }
          // A flip into a lone surrogate UTF-8 encodes as U+FFFD's bytes (from "\uFFFD", the
          // same body); a body readBody decoded never holds one.
          fc.pre(wellFormed(input.body));
          expect(await verifyDiscordSignature(input)).toBe(false);
        },
      ),
      400,
    );
  });

  it("never throws, whatever the headers hold (500 cases)", async () => {
    const header = fc.oneof(
      fc.constant(null),
      nastyString(140),
      fc.stringMatching(/^[0-9a-fA-F]{0,130}$/),
    );
    await holds(
      fc.asyncProperty(header, header, body, async (timestamp, signature, text) => {
        const result = await verifyDiscordSignature({
          publicKey: publicKeyHex,
          timestamp,
          signature,
          body: text,
          now: NOW_MS,
        });
        expect(typeof result).toBe("boolean");
      }),
      500,
    );
  });
});

describe("Mattermost button context (property)", () => {
  const token = fc.string({ unit: "grapheme", minLength: 8, maxLength: 32 });
  const action = fc.record(
    {
      action: fc.constantFrom("catops.run", "catops.confirm", "catops.cancel"),
      value: nastyString(40).filter(wellFormed),
      responseUrl: fc.webUrl(),
    },
    { requiredKeys: ["action"] },
  );

  it("sign, then verify: the same action (300 cases)", async () => {
    await holds(
      fc.asyncProperty(action, token, async (signed, key) => {
        const context = await signActionContext(signed, key);
        expect(await verifyActionContext(JSON.parse(JSON.stringify(context)), [key])).toEqual(
          signed,
        );
      }),
      300,
    );
  });

  it("any single-bit change to the signature, value or token: refused (500 cases)", async () => {
    await holds(
      fc.asyncProperty(
        action.filter((a) => (a.value ?? "").length > 0),
        token,
        fc.constantFrom("signature", "value", "token"),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (signed, key, which, index, bit) => {
          const context = (await signActionContext(signed, key)) as unknown as Record<
            string,
            string
          >;
          let tokens = [key];
          if (which === "token") tokens = [flipBit(key, index, bit)];
          else context[which] = flipBit(context[which]!, index, bit);
          expect(await verifyActionContext(context, tokens)).toBeUndefined();
        },
      ),
      500,
    );
  });
});
