// Test helpers: Discord payloads (the repository's test/fixtures/vendor and this package's
// test/fixtures) and Ed25519 signing with RFC 8032 TEST 1's key pair, as
// Discord signs with its application key.
import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { vendorJson } from "../../../test/fixtures/vendor.mjs";

const LOCAL = new URL("./fixtures/", import.meta.url);

export function localJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, LOCAL), "utf8")) as T;
}

const signed = vendorJson("chat/discord-ping-signed.DERIVED.json");
/** RFC 8032 TEST 1: the public key the bot is configured with, and its private seed. */
export const PUBLIC_KEY: string = signed.public_key_hex;
const SEED: string = signed.private_key_seed_hex_RFC8032_TEST1;

/** A PKCS#8 DER prefix for a raw 32-byte Ed25519 seed (RFC 8410). */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function privateKeyFromSeed(seedHex: string) {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, Buffer.from(seedHex, "hex")]),
    format: "der",
    type: "pkcs8",
  });
}

const KEY = privateKeyFromSeed(SEED);

/** Hex Ed25519 signature of timestamp + body, as Discord sends in X-Signature-Ed25519. */
export function discordSignature(timestamp: string, body: string, seedHex = SEED): string {
  const key = seedHex === SEED ? KEY : privateKeyFromSeed(seedHex);
  return sign(null, Buffer.from(timestamp + body), key).toString("hex");
}

/** A request to /discord/interactions signed at `nowMs` (or with the headers given). */
export function signedInteraction(
  body: string,
  options: { nowMs?: number; seedHex?: string; headers?: Record<string, string> } = {},
): Request {
  const timestamp = String(Math.floor((options.nowMs ?? Date.now()) / 1000));
  return new Request("http://localhost/discord/interactions", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-timestamp": timestamp,
      "x-signature-ed25519": discordSignature(timestamp, body, options.seedHex),
      ...options.headers,
    },
    body,
  });
}

export const APPLICATION_ID = "290926444748734465";

/** The docs' slash command interaction, as `/catops command:<text>` to our application. */
export function commandInteraction(text: string | undefined, patch: Record<string, unknown> = {}) {
  const interaction = localJson("slash-command-interaction.discord-api-docs.json");
  interaction.application_id = APPLICATION_ID;
  interaction.data = {
    ...interaction.data,
    name: "catops",
    options: text === undefined ? [] : [{ type: 3, name: "command", value: text }],
  };
  return { ...interaction, ...patch };
}

/** The docs' button interaction, pressing a button whose custom_id is `customId`. */
export function buttonInteraction(customId: string, patch: Record<string, unknown> = {}) {
  const interaction = localJson("button-interaction.gdl-test.json");
  interaction.data = { ...interaction.data, custom_id: customId };
  return { ...interaction, ...patch };
}
